import pytest

from budgetlijn.parameters import overrides
from budgetlijn.rules import parameters


@pytest.fixture(autouse=True)
def database_overrides():
    """Package parameter files with the database-backed override source, empty cache."""
    overrides.cache.invalidate()
    with parameters.isolated(override_source=overrides.cache.values_for):
        yield
    overrides.cache.invalidate()


@pytest.fixture(autouse=True)
def throttle_counters():
    """Throttle counters live in the cache: every test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The API's world (``world.build_api_world``), built once per module inside a transaction
    that is rolled back at the end; each test runs in a savepoint of it."""
    from django.db import transaction

    from budgetlijn.api.tests.world import build_api_world

    with django_db_blocker.unblock():
        with transaction.atomic():
            yield build_api_world()
            transaction.set_rollback(True)


@pytest.fixture
def as_user(client, world):
    """A client signed in with a token of the world's user of a role (None: anonymous)."""
    from knox.models import AuthToken

    def sign_in(role):
        if role is None or role == "anonymous":
            client.defaults.pop("HTTP_AUTHORIZATION", None)
            return client
        _instance, token = AuthToken.objects.create(user=world.users[role])
        client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
        return client

    return sign_in
