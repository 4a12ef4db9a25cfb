"""The OpenAPI schema generates without a warning and documents examples and problem details;
the API stands on floor 5 (reads through access.queries, never the dossier models)."""

import io

import pytest
import yaml
from django.core.management import call_command

from budgetlijn.ledger.tests.test_floors import PACKAGE, _imported


def test_the_schema_generates_without_warnings():
    out = io.StringIO()
    # --fail-on-warn raises on any warning or error of drf-spectacular.
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    schema = yaml.safe_load(out.getvalue())
    paths = schema["paths"]
    for path in (
        "/api/v1/auth/token/",
        "/api/v1/dossiers/",
        "/api/v1/dossiers/{id}/",
        "/api/v1/budgets/{id}/lijn/{year}/",
        "/api/v1/contracts/{id}/",
        "/api/v1/kostenstaten/",
        "/api/v1/volmachten/{id}/intrekken/",
        "/api/v1/wachtrij/kosten/",
    ):
        assert path in paths, path


@pytest.fixture(scope="module")
def schema():
    out = io.StringIO()
    call_command("spectacular", stdout=out)
    return yaml.safe_load(out.getvalue())


def test_errors_are_documented_as_problem_details(schema):
    create = schema["paths"]["/api/v1/kostenstaten/"]["post"]
    for status in ("400", "401", "403", "404", "422", "429"):
        content = create["responses"][status]["content"]
        assert list(content) == ["application/problem+json"], status
        assert content["application/problem+json"]["schema"]["$ref"].endswith("/Problem")
    problem = schema["components"]["schemas"]["Problem"]
    assert set(problem["properties"]) == {
        "type",
        "title",
        "status",
        "detail",
        "code",
        "instance",
        "errors",
    }


def test_the_idempotency_key_and_examples_are_documented(schema):
    create = schema["paths"]["/api/v1/kostenstaten/"]["post"]
    header = next(p for p in create["parameters"] if p["in"] == "header")
    assert header["name"] == "Idempotency-Key"
    assert "LoonJanuari" in create["requestBody"]["content"]["application/json"]["examples"]
    for path, method in [
        ("/api/v1/dossiers/{id}/", "get"),
        ("/api/v1/budgets/{id}/lijn/{year}/", "get"),
        ("/api/v1/volmachten/", "post"),
        ("/api/v1/auth/token/", "post"),
    ]:
        content = schema["paths"][path][method]["responses"]
        ok = content.get("200") or content.get("201")
        assert ok["content"]["application/json"].get("examples"), path


def test_tokens_are_the_documented_security_scheme(schema):
    schemes = schema["components"]["securitySchemes"]
    assert schemes["knoxApiToken"]["type"] == "apiKey"
    assert "security" not in schema  # no global requirement: each operation says its own
    assert schema["paths"]["/api/v1/auth/token/"]["post"].get("security", []) in ([], [{}])
    dossiers = schema["paths"]["/api/v1/dossiers/"]["get"]["security"]
    assert {"knoxApiToken": []} in dossiers and {"cookieAuth": []} in dossiers


def test_the_api_reads_no_dossier_models_and_nothing_above_it():
    """Floor 5: services, selectors and access.queries; no model of a dossier, budget,
    contract, cost or ledger entry directly (reach is decided in access.queries only)."""
    modules = sorted(p for p in (PACKAGE / "api").rglob("*.py") if "tests" not in p.parts)
    assert len(modules) > 10
    forbidden = (
        "budgetlijn.portal",
        "budgetlijn.demo",
        "budgetlijn.dossiers.models",
        "budgetlijn.contracts.models",
        "budgetlijn.costs.models",
        "budgetlijn.ledger.models",
        "budgetlijn.access.models",
    )
    found = {
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in modules
        for name in _imported(path)
        if name.startswith(forbidden)
    }
    assert found == set()
