"""The access matrix of the money-out endpoints (issue 10): every role against each new
endpoint, on the target dossier, on another family's dossier and with guessed ids; mandates
active (every right, view only), expired, revoked and not yet started. Every cell asserted.

A cell is the HTTP status and, for a list, how many rows the role sees. Out of sight is 404
(a problem), seen but not allowed is 403, anonymous is 401. Agency staff who see a budget by
their dossier permissions but hold no permission on the money models see an empty list, as
the review queue does for those who may not review (decision 0020)."""

import pytest

from budgetlijn.freeshare.models import FreeShareRequest

pytestmark = pytest.mark.django_db

ROLES = (
    "mother",
    "child",
    "adult_holder",
    "staff_full_mandate",
    "staff_view_mandate",
    "staff_revoked_mandate",
    "staff_expired_mandate",
    "staff_future_mandate",
    "staff_elsewhere",
    "provider_staff",
    "other_provider_staff",
    "intake",
    "cost_review",
    "payments",
    "payments_without_run_permission",
    "inspector",
    "analyst",
    "superuser",
    "staff_without_group",
    "anonymous",
)
NOT_SIGNED_IN = (401, None)
HIDDEN = (404, None)
FORBIDDEN = (403, None)
AGENCY_BY_DOSSIER = ("intake", "cost_review")
# the payments group (with or without the run permissions given to the user itself) and the
# inspectors read every money-out model (access.roles: view permissions of those apps)
AGENCY_MONEY = ("payments", "payments_without_run_permission", "inspector")


def _table(default, **cells):
    table = dict.fromkeys(ROLES, default)
    table["anonymous"] = NOT_SIGNED_IN
    table.update(cells)
    assert set(table) == set(ROLES)
    return table


# GET /budgets/{target}/vrij-besteedbaar-deel/: (status, rows)
FREE_SHARE_TARGET = _table(
    HIDDEN,
    mother=(200, 1),
    child=(200, 1),
    staff_full_mandate=(200, 1),
    staff_view_mandate=(200, 1),
    superuser=(200, 1),
    **dict.fromkeys(AGENCY_BY_DOSSIER, (200, 0)),
    **dict.fromkeys(AGENCY_MONEY, (200, 1)),
)
# the other family's budget: only its own organisation, by permission, the superuser
FREE_SHARE_OTHER = _table(
    HIDDEN,
    staff_elsewhere=(200, 1),
    superuser=(200, 1),
    **dict.fromkeys(AGENCY_BY_DOSSIER, (200, 0)),
    **dict.fromkeys(AGENCY_MONEY, (200, 1)),
)
# POST /budgets/{target}/vrij-besteedbaar-deel/
ASK_TARGET = _table(
    HIDDEN,
    mother=(201, None),
    staff_full_mandate=(201, None),
    superuser=(201, None),
    child=FORBIDDEN,  # sees the minor's budget, does not manage it
    staff_view_mandate=FORBIDDEN,  # a mandate without the free-share right
    **dict.fromkeys(AGENCY_BY_DOSSIER, FORBIDDEN),
    **dict.fromkeys(AGENCY_MONEY, FORBIDDEN),
)
# GET /budgets/{target}/betalingen/: 4 items, 3 withheld
PAYMENTS_TARGET = _table(
    HIDDEN,
    mother=(200, 7),
    child=(200, 7),
    staff_full_mandate=(200, 7),
    staff_view_mandate=(200, 7),
    superuser=(200, 7),
    **dict.fromkeys(AGENCY_MONEY, (200, 7)),
    **dict.fromkeys(AGENCY_BY_DOSSIER, (200, 0)),
)
# the other family's budget: two commitments due (the cost line and the free share)
PAYMENTS_OTHER = _table(
    HIDDEN,
    staff_elsewhere=(200, 2),
    superuser=(200, 2),
    **dict.fromkeys(AGENCY_MONEY, (200, 2)),
    cost_review=(200, 2),  # reads the ledger (ledger.view_entry), not the payment items
    intake=(200, 0),
)
# GET /voucherfacturen/: rows
VOUCHER_LIST = _table(
    (200, 0),
    provider_staff=(200, 1),
    other_provider_staff=(200, 1),
    superuser=(200, 2),
    **dict.fromkeys(AGENCY_MONEY, (200, 2)),
)
# GET /voucherfacturen/{the provider's invoice}/
VOUCHER_DETAIL = _table(
    HIDDEN,
    provider_staff=(200, None),
    superuser=(200, None),
    **dict.fromkeys(AGENCY_MONEY, (200, None)),
)
# GET /betaalruns/: rows
RUNS = _table((200, 0), superuser=(200, 2), **dict.fromkeys(AGENCY_MONEY, (200, 2)))


def status_and_rows(response):
    rows = response.json().get("count") if response.status_code == 200 else None
    return response.status_code, rows


def test_every_table_names_every_role():
    for table in (
        FREE_SHARE_TARGET,
        FREE_SHARE_OTHER,
        ASK_TARGET,
        PAYMENTS_TARGET,
        PAYMENTS_OTHER,
        VOUCHER_LIST,
        VOUCHER_DETAIL,
        RUNS,
    ):
        assert set(table) == set(ROLES)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    from django.db import transaction

    from budgetlijn.api.tests.money_world import build_money_world

    with django_db_blocker.unblock():
        with transaction.atomic():
            yield build_money_world()
            transaction.set_rollback(True)


def _problem(response):
    if response.status_code in (401, 403, 404):
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_matrix_of_reading(as_user, world, role):
    api = as_user(role)
    target, other = world.target["budget"].pk, world.other["budget"].pk
    invoice = world.invoices["provider"].pk
    cells = {
        "free_share_target": api.get(f"/api/v1/budgets/{target}/vrij-besteedbaar-deel/"),
        "free_share_other": api.get(f"/api/v1/budgets/{other}/vrij-besteedbaar-deel/"),
        "payments_target": api.get(f"/api/v1/budgets/{target}/betalingen/"),
        "payments_other": api.get(f"/api/v1/budgets/{other}/betalingen/"),
        "voucher_list": api.get("/api/v1/voucherfacturen/"),
        "voucher_detail": api.get(f"/api/v1/voucherfacturen/{invoice}/"),
        "runs": api.get("/api/v1/betaalruns/"),
    }
    for response in cells.values():
        _problem(response)
    got = {name: status_and_rows(response) for name, response in cells.items()}
    got["voucher_detail"] = (got["voucher_detail"][0], None)
    assert got == {
        "free_share_target": FREE_SHARE_TARGET[role],
        "free_share_other": FREE_SHARE_OTHER[role],
        "payments_target": PAYMENTS_TARGET[role],
        "payments_other": PAYMENTS_OTHER[role],
        "voucher_list": VOUCHER_LIST[role],
        "voucher_detail": VOUCHER_DETAIL[role],
        "runs": RUNS[role],
    }


@pytest.mark.parametrize("role", ROLES)
def test_matrix_of_asking_the_free_share(as_user, world, role):
    count = FreeShareRequest.objects.count()
    response = as_user(role).post(
        f"/api/v1/budgets/{world.target['budget'].pk}/vrij-besteedbaar-deel/",
        {"year": 2023, "amount": "10.00"},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=f"matrix-{role}",
    )
    _problem(response)
    assert (response.status_code, None) == ASK_TARGET[role]
    made = 1 if response.status_code == 201 else 0
    assert FreeShareRequest.objects.count() == count + made
    # the other family's budget: only its organisation (every right) may ask
    other = as_user(role).post(
        f"/api/v1/budgets/{world.other['budget'].pk}/vrij-besteedbaar-deel/",
        {"year": 2023, "amount": "10.00"},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=f"matrix-other-{role}",
    )
    expected = {
        "anonymous": 401,
        "staff_elsewhere": 201,
        "superuser": 201,
        **dict.fromkeys((*AGENCY_BY_DOSSIER, *AGENCY_MONEY), 403),
    }.get(role, 404)
    assert other.status_code == expected


GUESSED = ("0", "999999999", str(2**63 - 1), str(2**63))


@pytest.mark.parametrize("role", ["mother", "staff_full_mandate", "provider_staff", "superuser"])
def test_guessed_ids_are_404_everywhere(as_user, world, role):
    api = as_user(role)
    for guessed in GUESSED:
        for url in (
            f"/api/v1/budgets/{guessed}/vrij-besteedbaar-deel/",
            f"/api/v1/budgets/{guessed}/betalingen/",
            f"/api/v1/voucherfacturen/{guessed}/",
        ):
            response = api.get(url)
            assert response.status_code == 404, (url, response.status_code)
        asked = api.post(
            f"/api/v1/budgets/{guessed}/vrij-besteedbaar-deel/",
            {"year": 2023, "amount": "10.00"},
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="guess",
        )
        assert asked.status_code == 404
    for url in ("/api/v1/budgets/abc/betalingen/", "/api/v1/voucherfacturen/-1/"):
        assert api.get(url).status_code == 404


def test_an_invoice_of_another_provider_is_404_like_an_unknown_one(as_user, world):
    api = as_user("provider_staff")
    other = api.get(f"/api/v1/voucherfacturen/{world.invoices['other_provider'].pk}/")
    unknown = api.get("/api/v1/voucherfacturen/999999999/")
    assert other.status_code == unknown.status_code == 404
    assert {k: v for k, v in other.json().items() if k != "instance"} == {
        k: v for k, v in unknown.json().items() if k != "instance"
    }
