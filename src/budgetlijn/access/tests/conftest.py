import pytest
from django.db import transaction

from budgetlijn.access.tests.world import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The world of ``world.build_world``, built once per module inside a transaction that is
    rolled back at the end; each test runs in a savepoint of it (mark the module django_db)."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            yield build_world()
            transaction.set_rollback(True)


@pytest.fixture
def fresh(world):
    """The world's user of a role, read again (an empty permission cache)."""
    from django.contrib.auth import get_user_model

    def read(role):
        user = world.users[role]
        if not user.is_authenticated:
            return user
        return get_user_model().objects.get(pk=user.pk)

    return read
