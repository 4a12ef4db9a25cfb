"""schemathesis against the generated OpenAPI schema: every operation, a bounded number of
generated requests each (signed in as a holder), no server error, every status and body as the
schema documents it. The requests go through Django's WSGI application in the test's thread
(the test database, no network)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from knox.models import AuthToken
from rest_framework.settings import api_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.django_db

EXAMPLES = 10  # per operation (bounded: the suite runs on two cores)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Revoking the token of the run would leave the rest unauthenticated: tested apart.
SKIPPED = {("POST", "/api/v1/auth/token/intrekken/")}


@pytest.fixture
def keep_connection():
    """As Django's test client does: a request must not close the test's database connection
    (PostgreSQL would lose the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_api_answers_as_its_schema_says(world, keep_connection):
    rates = {key: "100000/minute" for key in api_settings.DEFAULT_THROTTLE_RATES}
    with override_settings(
        REST_FRAMEWORK={**api_settings.user_settings, "DEFAULT_THROTTLE_RATES": rates}
    ):
        schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
        _instance, token = AuthToken.objects.create(user=world.users["mother"])
        headers = {"Authorization": f"Token {token}"}
        tested = 0
        for result in schema.get_all_operations():
            operation = result.ok()
            if (operation.method.upper(), operation.path) in SKIPPED:
                continue

            @given(case=operation.as_strategy())
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def run(case):
                case.call_and_validate(headers=headers, checks=CHECKS)

            run()
            tested += 1
        assert tested >= 14
