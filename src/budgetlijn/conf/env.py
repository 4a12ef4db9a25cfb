"""Reading configuration from the environment.

Every variable Budgetlijn reads is listed in docs/configuration.md; keep the two in step.
"""

import importlib.util
import os
import re

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [part.strip() for part in raw.split(",") if part.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if value < 0:
        raise ImproperlyConfigured(f"{name} must not be negative, not {raw!r}")
    return value


CACHE_BACKENDS = {
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
    "db": "django.core.cache.backends.db.DatabaseCache",
    "file": "django.core.cache.backends.filebased.FileBasedCache",
    "redis": "django.core.cache.backends.redis.RedisCache",
    "rediss": "django.core.cache.backends.redis.RedisCache",
}
CACHE_TABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")


def _redis_available() -> bool:
    """Django's redis backend needs the ``redis`` package (not a dependency of Budgetlijn)."""
    return importlib.util.find_spec("redis") is not None


def cache_from_url(url: str, name: str = "CACHE_URL") -> dict:
    """Django's cache settings (one entry of ``CACHES``) from a URL:

    - ``locmem://`` (or ``locmem://name``): memory of one process; counts do not hold across
      server processes (tests, a single-process server);
    - ``db://tablename``: a table of the database (``manage.py createcachetable``), shared by
      every process of every server;
    - ``file:///absolute/path``: files in a directory, shared by the processes of one machine;
    - ``redis://host:port/db`` (or ``rediss://``): only when the ``redis`` package is installed.

    Anything else raises ``ImproperlyConfigured`` naming ``name`` and the accepted forms."""
    forms = "locmem://, db://tablename, file:///absolute/path or redis://host:port/db"
    raw = (url or "").strip()
    scheme, sep, rest = raw.partition("://")
    scheme = scheme.lower()
    if not sep or scheme not in CACHE_BACKENDS:
        raise ImproperlyConfigured(f"{name} must look like {forms}, not {url!r}")
    backend = CACHE_BACKENDS[scheme]
    if scheme == "locmem":
        if rest and not CACHE_TABLE_NAME.fullmatch(rest):
            raise ImproperlyConfigured(f"{name}: locmem:// takes a plain name, not {rest!r}")
        return {"BACKEND": backend, "LOCATION": rest}
    if scheme == "db":
        if not CACHE_TABLE_NAME.fullmatch(rest):
            raise ImproperlyConfigured(
                f"{name}: db:// needs a table name of letters, digits and _ (at most 63, "
                f"e.g. db://budgetlijn_cache), not {rest!r}"
            )
        return {"BACKEND": backend, "LOCATION": rest}
    if scheme == "file":
        if not rest.startswith("/") or rest == "/":
            raise ImproperlyConfigured(
                f"{name}: file:// needs an absolute directory, e.g. file:///var/cache/budgetlijn, "
                f"not {url!r}"
            )
        return {"BACKEND": backend, "LOCATION": rest}
    if not _redis_available():
        raise ImproperlyConfigured(
            f"{name}: {scheme}:// needs the redis package (pip install redis), which is not "
            "installed; use db://tablename to share the cache through the database"
        )
    if not rest or rest.startswith("/"):
        raise ImproperlyConfigured(
            f"{name}: {scheme}:// needs a host, e.g. redis://localhost:6379/0"
        )
    return {"BACKEND": backend, "LOCATION": raw}
