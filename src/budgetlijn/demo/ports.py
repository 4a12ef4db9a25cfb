"""Is a port on 127.0.0.1 free for the demo server? (``check_port``, ``ensure_demo_admin``)."""

import errno
import socket

from django.core.management.base import CommandError
from django.utils.translation import gettext

HOST = "127.0.0.1"
# How far past a taken port to look for a free one to suggest.
SUGGESTIONS = 20


def port_number(value: str) -> int:
    """The port as an int in 1-65535, or a Dutch message saying what to give instead."""
    try:
        port = int(value)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise CommandError(
            gettext("'%(value)s' is geen geldige poort: geef een getal van 1 tot 65535, bv. 8000.")
            % {"value": value}
        )
    return port


def bind_error(port: int, host: str = HOST) -> int | None:
    """None when a server could listen on host:port now, else the errno of the refusal
    (EADDRINUSE: taken; EACCES: a port below 1024 without the right). Like runserver, with
    SO_REUSEADDR, so a port that only has connections of a stopped server waiting to close
    counts as free."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            return error.errno or errno.EADDRINUSE
    return None


def is_free(port: int, host: str = HOST) -> bool:
    return bind_error(port, host) is None


def free_port_after(port: int) -> int | None:
    """The first free port after ``port`` (at most SUGGESTIONS further), to suggest."""
    for candidate in range(port + 1, min(port + SUGGESTIONS, 65535) + 1):
        if is_free(candidate):
            return candidate
    return None
