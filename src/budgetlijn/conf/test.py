"""Test settings: like development, with fast password hashing and no real secrets."""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-012345")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
# A memory cache per test process: each xdist worker and each test starts from its own counts,
# and the query-count tests count the application's queries, not the throttles' cache reads.
# The database cache (production's default) is tested in conf/tests/test_cache.py.
os.environ.setdefault("CACHE_URL", "locmem://")

from budgetlijn.conf.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The test flush (between transactional tests) may empty the append-only tables; nothing else
# may (budgetlijn.append_only, budgetlijn.conf.testdb).
TEST_DATABASE_ENGINES = {
    "django.db.backends.sqlite3": "budgetlijn.conf.testdb.sqlite3",
    "django.db.backends.postgresql": "budgetlijn.conf.testdb.postgresql",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # Django's default test database for SQLite, said explicitly: pytest-django recognises it
    # by the stock engine's name only, and would otherwise derive a file name per xdist worker.
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}  # noqa: F405
DATABASES["default"]["ENGINE"] = TEST_DATABASE_ENGINES[DATABASES["default"]["ENGINE"]]  # noqa: F405
