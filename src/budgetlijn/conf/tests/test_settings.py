"""Settings read the environment and fail closed in production."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = str(Path(__file__).resolve().parents[3])
GOOD_KEY = "k8#Jq2!vR9zL@p4mT7wX1cN6bF3hY0sD5gA8eU2iO9-prod-like-key"


def load_settings(
    show: str = "s.DEBUG, s.DATABASES['default']['ENGINE'], s.ALLOWED_HOSTS", **env: str
) -> subprocess.CompletedProcess:
    """Import the production settings in a child process with ``env`` (and none of the test
    run's own settings variables) and print ``show``."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CACHE_URL"}
    }
    clean.update(env)
    clean["PYTHONPATH"] = SRC
    code = f"import budgetlijn.conf.settings as s;print({show})"
    return subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, timeout=60
    )


def test_production_refuses_to_start_without_secret_key():
    result = load_settings()
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = load_settings(SECRET_KEY="short", ALLOWED_HOSTS="budgetlijn.example")
    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


def test_production_refuses_without_allowed_hosts():
    result = load_settings(SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_debug_is_off_by_default_and_database_url_selects_postgresql():
    result = load_settings(
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="budgetlijn.example,www.budgetlijn.example",
        DATABASE_URL="postgres://budgetlijn:pw@db.internal:5432/budgetlijn",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "False"
    assert "django.db.backends.postgresql" in result.stdout
    assert "www.budgetlijn.example" in result.stdout


@pytest.mark.parametrize("word", ["maybe", "2"])
def test_a_bad_boolean_is_refused(word):
    result = load_settings(DEBUG=word, SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="a")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_sqlite_is_the_default_database():
    result = load_settings(DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert "django.db.backends.sqlite3" in result.stdout


def test_production_refuses_a_key_of_few_different_characters():
    result = load_settings(SECRET_KEY="x" * 60, ALLOWED_HOSTS="budgetlijn.example")
    assert result.returncode != 0
    assert "at least 5 of them different" in result.stderr
