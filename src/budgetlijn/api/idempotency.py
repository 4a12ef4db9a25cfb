"""The ``Idempotency-Key`` header of a creating request (contracts, new versions).

``replay_or_run`` runs the request's work once per user and key: the same key with the same
request answers the object the first request made (nothing made twice); the same key with
another request is refused (422 problem, as the IETF idempotency-key draft suggests). Keys are
kept apart per user. Two requests with one key at the same moment: the second's work is rolled
back by the unique constraint and it answers the first one's object."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter

from budgetlijn.api.constants import ErrorCode
from budgetlijn.api.models import IdempotentRequest
from budgetlijn.api.problems import Problem, field_error

HEADER = "Idempotency-Key"
PATTERN = re.compile(r"[A-Za-z0-9._:\-]{1,64}")


def parameter(description: str) -> OpenApiParameter:
    return OpenApiParameter(
        HEADER,
        str,
        OpenApiParameter.HEADER,
        required=False,
        description=description,
        pattern=PATTERN.pattern,
    )


def key_of(request) -> str | None:
    """The request's key, or None without the header; a malformed key is a 400 problem."""
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not PATTERN.fullmatch(key):
        raise Problem(
            400,
            ErrorCode.IDEMPOTENCY_KEY_INVALID,
            gettext(
                "De kop Idempotency-Key is 1 tot 64 tekens uit A-Z, a-z, 0-9 en . _ : - "
                "(bijvoorbeeld een UUID)."
            ),
        )
    return key


def fingerprint(operation: str, target: Any, body: Any) -> str:
    """SHA-256 of the operation, its target (a path id) and the body as sent."""
    text = json.dumps(
        {"operation": operation, "target": target, "body": body},
        sort_keys=True,
        default=str,  # Decimal as its text: '14.5' and '14.50' are other requests
        ensure_ascii=True,
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _reused() -> Problem:
    return Problem(
        422,
        ErrorCode.IDEMPOTENCY_KEY_REUSED,
        gettext(
            "Deze Idempotency-Key hoort al bij een andere vraag. Gebruik een nieuwe sleutel "
            "voor een nieuwe vraag."
        ),
        errors=[
            field_error(
                None,
                ErrorCode.IDEMPOTENCY_KEY_REUSED,
                gettext("Gebruik een nieuwe Idempotency-Key voor een nieuwe vraag."),
            )
        ],
    )


def _earlier(user: Any, key: str, print_: str) -> int | None:
    earlier = IdempotentRequest.objects.filter(user=user, key=key).first()
    if earlier is None:
        return None
    if earlier.fingerprint != print_:
        raise _reused()
    return earlier.object_id


def replay_or_run(
    user: Any,
    key: str | None,
    operation: str,
    print_: str,
    work: Callable[[], Any],
) -> tuple[int, bool]:
    """(pk of the object, made now?). ``work()`` makes the object (in a transaction) and
    returns it; without a key it simply runs."""
    if key is None:
        with transaction.atomic():
            return work().pk, True
    earlier = _earlier(user, key, print_)
    if earlier is not None:
        return earlier, False
    try:
        with transaction.atomic():
            made = work()
            IdempotentRequest.objects.create(
                user=user, key=key, operation=operation, fingerprint=print_, object_id=made.pk
            )
    except IntegrityError:
        # The same key at the same moment: the other request made it (or it used the key for
        # something else); this one's work is rolled back.
        earlier = _earlier(user, key, print_)
        if earlier is None:  # pragma: no cover - an integrity error of the work itself
            raise
        return earlier, False
    return made.pk, True
