"""The cache (issue 10): DRF's throttle counts live in Django's cache, so it must be shared by
every server process. ``CACHE_URL`` chooses it (``conf.env.cache_from_url``); production's
default is a database table that ``migrate`` (and ``createcachetable``) creates. The test suite
itself runs on ``locmem://`` (conf/test.py); the database cache is exercised here."""

import pytest
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from budgetlijn.conf import env
from budgetlijn.conf.env import cache_from_url
from budgetlijn.conf.tests.test_settings import GOOD_KEY, load_settings

BACKENDS = "django.core.cache.backends"
ACCEPTED = [
    *[(url, "locmem.LocMemCache", name) for url, name in [("locmem://", ""), ("locmem://t", "t")]],
    *[
        (url, "db.DatabaseCache", "budgetlijn_cache")
        for url in ["db://budgetlijn_cache", " db://budgetlijn_cache "]
    ],
    ("DB://Cache_2", "db.DatabaseCache", "Cache_2"),
    ("file:///var/cache/budgetlijn", "filebased.FileBasedCache", "/var/cache/budgetlijn"),
]
REFUSED = [
    *[(url, "must look like") for url in ["", "budgetlijn_cache", "memcached://127.0.0.1:11211"]],
    *[(url, "needs a table name") for url in ["db://", "db://a-b", "db://c; DROP TABLE x"]],
    *[(url, "needs an absolute directory") for url in ["file://relative/dir", "file:///"]],
    ("db://" + "c" * 64, "needs a table name"),
    ("locmem://a/b", "plain name"),
]


@pytest.mark.parametrize(("url", "backend", "location"), ACCEPTED)
def test_cache_from_url_reads_each_accepted_form(url, backend, location):
    assert cache_from_url(url) == {"BACKEND": f"{BACKENDS}.{backend}", "LOCATION": location}


@pytest.mark.parametrize(("url", "says"), REFUSED)
def test_a_bad_cache_url_is_refused_with_a_message_naming_cache_url(url, says):
    with pytest.raises(ImproperlyConfigured) as refused:
        cache_from_url(url)
    assert str(refused.value).startswith("CACHE_URL")
    assert says in str(refused.value)


def test_redis_is_accepted_only_when_its_package_is_installed(monkeypatch):
    monkeypatch.setattr(env, "_redis_available", lambda: False)
    with pytest.raises(ImproperlyConfigured, match=r"^CACHE_URL: redis:// needs the redis package"):
        cache_from_url("redis://localhost:6379/0")
    monkeypatch.setattr(env, "_redis_available", lambda: True)
    assert cache_from_url("redis://localhost:6379/0") == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://localhost:6379/0",
    }
    assert cache_from_url("rediss://cache.example:6380/1")["LOCATION"].startswith("rediss://")
    with pytest.raises(ImproperlyConfigured, match="needs a host"):
        cache_from_url("redis:///0")


def _settings(**environment):
    return load_settings(
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="budgetlijn.example",
        show="s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION'], s.AXES_HANDLER",
        **environment,
    )


def test_production_shares_the_cache_through_the_database_by_default():
    result = _settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.cache.backends.db.DatabaseCache",
        "budgetlijn_cache",
        "axes.handlers.database.AxesDatabaseHandler",
    ]


def test_production_refuses_to_start_with_a_bad_cache_url():
    result = _settings(CACHE_URL="memcache://x")
    assert result.returncode != 0
    assert "CACHE_URL must look like" in result.stderr


def test_the_test_suite_keeps_a_memory_cache(settings):
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")


DB_CACHE = {"default": cache_from_url("db://budgetlijn_test_cache")}


@pytest.mark.django_db(transaction=True)
def test_createcachetable_makes_the_table_and_two_processes_share_the_counts():
    with override_settings(CACHES=DB_CACHE):
        call_command("createcachetable", verbosity=0)
        call_command("createcachetable", verbosity=0)  # a second run changes nothing
        assert "budgetlijn_test_cache" in connection.introspection.table_names()
        one = caches.create_connection("default")  # as two server processes would
        other = caches.create_connection("default")
        assert isinstance(one, DatabaseCache) and one is not other
        one.set("throttle_user_7", [1, 2, 3], 60)
        assert other.get("throttle_user_7") == [1, 2, 3]
        other.delete("throttle_user_7")
        with connection.schema_editor() as editor:
            editor.execute("DROP TABLE budgetlijn_test_cache")


@pytest.mark.django_db(transaction=True)
def test_migrate_creates_the_cache_table_of_a_database_cache():
    with override_settings(CACHES=DB_CACHE):
        assert "budgetlijn_test_cache" not in connection.introspection.table_names()
        call_command("migrate", verbosity=0)  # nothing to migrate; post_migrate still runs
        assert "budgetlijn_test_cache" in connection.introspection.table_names()
        with connection.schema_editor() as editor:
            editor.execute("DROP TABLE budgetlijn_test_cache")
