"""The access matrix through every channel (issue 10, "Done means"): every role against every
kind of object, through the portal's pages (reading, the free-share request and correction
forms, and the actions behind them: granting and revoking a mandate, exporting one's personal
data, asking the free share, reporting free share paid back), the portal's lists (a provider's
voucher invoices, an organisation's holders), the API v1 (lists, details, and the actions:
revoking and granting a mandate, asking the free share, filing a cost statement, booking a
cost file, registering a contract and a new version of a contract or of a provider's contract),
the exports and downloads (personal-data export, Excel template, settlement letter PDF, SEPA
file of a payment run, statistics CSV) and the admin (changelists and change pages); on the
target dossier, on another family's dossier (a guessed id that exists) and on an id that does
not exist. Every cell is asserted, one test per (door, variant, role), so a failure names the
channel, the object, the variant and the role.

Each door writes out its answer for every role on the target's object (``target``). The other
two columns follow from it by three rules, in ``expected``: on the other family's object a
role related to the target (holder, mandate, provider) answers as outside reach, unless it is
related to the other family in the same way (``MIRROR``); a role that reaches by permission
answers as on the target. An id that does not exist is 404 for every signed-in user of the
portal and the API; in the admin, where pages follow model permissions, the answer is the
same for every id.

``access.tests.test_matrix`` asserts the same reach at the query functions; this one asserts
that every door uses them, and says what each door answers:

- ``"200"``: shown (a download: the file itself, as an attachment);
- ``"404"``: outside reach, exactly as an id that does not exist (no probing);
- ``"403"``: the object is in the user's sight but the action is not theirs (a child sees the
  mandate, may not revoke it; an organisation reaches the dossier, may not export the
  person's own data). Never for an object outside reach;
- ``"401"`` (API) / ``"login"`` (pages, admin): not signed in, or not staff for the admin;
- ``"listed"`` / ``"unlisted"``: a list answered 200, with or without the object;
- ``"200 form"``: a download door answering with its page again, no file (an unknown budget
  for the template; an admin action not offered to the user);
- ``"201"``: an API action done (it made what it says; a refused action made nothing);
- ``"400"`` (a page's form again) / ``"422"`` (API): in reach and allowed, refused by the
  rules (the door's ``on_other`` says when the other family's object is refused so);
- ``"done"``: a page's action done, and on to the next page (a redirect after a POST);
- ``"gone"``: the admin's answer to an id that does not exist (back to the admin index, the
  same for every id), only for staff who may see that model at all; staff without the model's
  permission get ``"403"`` for any id, existing or not (the admin is the agency's tool and its
  pages follow model permissions, decision 0018; the answer does not depend on the id).

The world (``money_world.build_money_world`` plus a father who renounced management, the
contract approval group, a mandate with every right but filing costs, an organisation without
a mandate (the one a grant names), cost files of two filers and a settlement) is built once
per module, with a token and a session per role, and rolled back at the end; each test runs in a savepoint of it (what an action did is undone). An action
door with ``creates`` counts its rows around the knock: one more when done, none when refused.
"""

import re
from datetime import date, timedelta
from http.cookies import SimpleCookie
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.utils import timezone

from budgetlijn.testing import TwoFactorClient

pytestmark = pytest.mark.django_db

UNKNOWN = 999_999_999
YEAR = 2023

ROLES = (
    "mother",  # parent of the minor, manages the PAB
    "father_not_managing",  # the other parent, renounced management (R9)
    "child",  # the minor's own account
    "adult_holder",  # the holder of another dossier (an adult's PVB)
    "staff_full_mandate",  # organisation with an active mandate with every right
    "staff_view_mandate",  # active mandate lacking every right but viewing
    "staff_mandate_without_costs",  # active mandate with every right but filing costs
    "staff_expired_mandate",
    "staff_revoked_mandate",
    "staff_future_mandate",
    "staff_elsewhere",  # another organisation's staff (a mandate on the other family only)
    "provider_staff",  # the provider named on the target's provider contract
    "other_provider_staff",  # the other family's provider
    "intake",
    "contract_approval",
    "cost_review",
    "payments",
    "payments_without_run_permission",
    "analyst",
    "inspector",
    "superuser",
    "staff_without_group",
    "anonymous",
)
# Roles that reach a dossier through a relation to it (holder, mandate, provider), not by a
# permission over every dossier: on the other family's objects they answer as on an object
# outside reach, unless they are related to that family (``MIRROR``).
RELATED = {
    "mother",
    "father_not_managing",
    "child",
    "adult_holder",
    "staff_full_mandate",
    "staff_view_mandate",
    "staff_mandate_without_costs",
    "staff_expired_mandate",
    "staff_revoked_mandate",
    "staff_future_mandate",
    "staff_elsewhere",
    "provider_staff",
    "other_provider_staff",
}
# On the other family's objects, these roles are what these roles are on the target's: the
# other family's organisation holds a mandate with every right, its provider is on its
# provider contract and voucher invoice.
MIRROR = {"staff_elsewhere": "staff_full_mandate", "other_provider_staff": "provider_staff"}

FAMILY = ("mother", "child")
MANDATED = ("staff_full_mandate", "staff_view_mandate", "staff_mandate_without_costs")
MONEY_AGENCY = ("payments", "payments_without_run_permission", "inspector", "superuser")
DOSSIER_AGENCY = ("intake", "contract_approval", "cost_review", *MONEY_AGENCY)
CONTRACT_AGENCY = ("contract_approval", "cost_review", *MONEY_AGENCY)
COST_AGENCY = ("cost_review", *MONEY_AGENCY)
MANDATE_AGENCY = ("intake", "contract_approval", "cost_review", "inspector", "superuser")
FILE_AGENCY = ("cost_review", "inspector", "superuser")  # costs.view_costimport
STAFF = (*DOSSIER_AGENCY, "staff_without_group")


def table(default: str, anonymous: str, *groups: dict[str, str], **cells: str) -> dict[str, str]:
    """Every role's answer: ``default`` unless set by a group (in order) or named."""
    result = dict.fromkeys(ROLES, default)
    result["anonymous"] = anonymous
    for group in groups:
        result.update(group)
    result.update(cells)
    assert set(result) == set(ROLES), set(result) ^ set(ROLES)
    return result


def of(roles, outcome: str) -> dict[str, str]:
    return dict.fromkeys(roles, outcome)


def portal(*groups, **cells):
    return table("404", "login", *groups, **cells)


def api(*groups, **cells):
    return table("404", "401", *groups, **cells)


def api_list(*groups, **cells):
    return table("unlisted", "401", *groups, **cells)


def admin_list(*allowed):
    return table("login", "login", of(STAFF, "403"), of(allowed, "listed"))


def admin(*allowed):
    """An admin page: the model's view permission shows it; other staff 403; the rest to the
    admin's login."""
    return table("login", "login", of(STAFF, "403"), of(allowed, "200"))


# --- The expected outcome of every door on the target's object -------------------------------

SEES_DOSSIER = {**of(FAMILY, "200"), **of(MANDATED, "200"), **of(DOSSIER_AGENCY, "200")}
SEES_CONTRACT = {**of(FAMILY, "200"), **of(MANDATED, "200"), **of(CONTRACT_AGENCY, "200")}
SEES_COSTS = {**of(FAMILY, "200"), **of(MANDATED, "200"), **of(COST_AGENCY, "200")}
SEES_MONEY = {**of(FAMILY, "200"), **of(MANDATED, "200"), **of(MONEY_AGENCY, "200")}
SEES_MANDATE = {
    **of(FAMILY, "200"),
    "staff_full_mandate": "200",  # its own organisation's mandate; the view-only one's is not
    **of(MANDATE_AGENCY, "200"),
}


def listed(cells: dict[str, str]) -> dict[str, str]:
    return {role: "listed" for role, outcome in cells.items() if outcome == "200"}


PORTAL_DOSSIER = portal(**SEES_DOSSIER)
# Revoking a mandate: the holder who manages, intake, the superuser; who sees it, 403.
PORTAL_REVOKE = portal(
    {role: "403" for role in SEES_MANDATE},
    mother="200",
    intake="200",
    superuser="200",
)
PORTAL_GRANT = portal(
    {role: "403" for role in SEES_DOSSIER},
    mother="200",
    intake="200",
    superuser="200",
)
# The person's own data: the person and the budget's holders, the agency with the export
# permission (intake), the superuser; an organisation or other agency staff reaching the
# dossier: 403 (decision 0024). The father renounced management: the dossier is out of his
# reach (decision 0018), so 404 although he is a representative.
PORTAL_PERSONAL_DATA = portal(
    {role: "403" for role in SEES_DOSSIER},
    mother="200",
    child="200",
    intake="200",
    superuser="200",
)
# Asking the free share: the holder who manages, the mandate with the right, the superuser.
PORTAL_FREE_SHARE = portal(
    {role: "403" for role in SEES_DOSSIER},
    mother="200",
    staff_full_mandate="200",
    staff_mandate_without_costs="200",
    superuser="200",
)
PORTAL_GRANT_DONE = {
    **PORTAL_GRANT,
    **{role: "done" for role, outcome in PORTAL_GRANT.items() if outcome == "200"},
}
PORTAL_FREE_SHARE_DONE = {
    **PORTAL_FREE_SHARE,
    **{role: "done" for role, outcome in PORTAL_FREE_SHARE.items() if outcome == "200"},
}
PORTAL_REVOKE_DONE = {
    **PORTAL_REVOKE,
    **{role: "done" for role, outcome in PORTAL_REVOKE.items() if outcome == "200"},
}
API_REVOKE = api(
    {role: "403" for role in SEES_MANDATE}, mother="200", intake="200", superuser="200"
)
API_ASK_FREE_SHARE = api(
    {role: "403" for role in SEES_DOSSIER},
    mother="201",
    staff_full_mandate="201",
    staff_mandate_without_costs="201",
    superuser="201",
)
# Filing a cost statement for a budget: the holder who manages, a mandate with the right, the
# agency with costs.add_coststatement (cost review), the superuser; who sees the budget, 403.
API_FILE_COSTS = api(
    {role: "403" for role in SEES_DOSSIER},
    mother="201",
    staff_full_mandate="201",
    cost_review="201",
    superuser="201",
)
PROVIDER_INVOICE = {"provider_staff": "200", **of(MONEY_AGENCY, "200")}
# Registering a contract for a budget, or a new version of one: the holder who manages, a
# mandate with the right (the view-only one has not), the agency with contracts.add_contract
# (contract approval), the superuser; who sees the budget (or the contract), 403.
REGISTERS_CONTRACTS = {
    "mother": "201",
    "staff_full_mandate": "201",
    "staff_mandate_without_costs": "201",
    "contract_approval": "201",
    "superuser": "201",
}
API_REGISTER_CONTRACT = api({role: "403" for role in SEES_DOSSIER}, **REGISTERS_CONTRACTS)
# A new version: the contract must be in sight (intake sees the budget, not its contracts).
API_AMEND_CONTRACT = api({role: "403" for role in SEES_CONTRACT}, **REGISTERS_CONTRACTS)
# The provider named on a contract sees it, and may not change it. The provider's contract is
# registered, not approved yet: who may change it reaches the rules, which refuse a new
# version of a version not approved (422), nothing made.
API_AMEND_PROVIDER_CONTRACT = api(
    {role: "403" for role in SEES_CONTRACT},
    {role: "422" for role in REGISTERS_CONTRACTS},
    provider_staff="403",
)
# Granting a mandate on a dossier: as on the portal's grant page.
API_GRANT = api({role: "403" for role in SEES_DOSSIER}, mother="201", intake="201", superuser="201")
ORGANISATION_STAFF = (
    *MANDATED,
    "staff_expired_mandate",
    "staff_revoked_mandate",
    "staff_future_mandate",
    "staff_elsewhere",
    "provider_staff",
    "other_provider_staff",
)
# A provider's invoice list: the page of who belongs to an organisation or sees an invoice
# (anyone else: 404, the page is not theirs); the invoice listed for its provider and the
# agency that sees voucher invoices.
PORTAL_PROVIDER_INVOICES = portal(
    of(ORGANISATION_STAFF, "unlisted"), of(MONEY_AGENCY, "listed"), provider_staff="listed"
)
# An organisation's holders: the page of organisation staff (anyone else: 404); the target's
# mandate with every right listed for its own organisation only, while it is in force.
PORTAL_HOLDERS = portal(of(ORGANISATION_STAFF, "unlisted"), staff_full_mandate="listed")

# The budget line of a year: the running balances (ledger.view_budgetyearbalance).
API_BUDGET_LINE = api(**SEES_COSTS)
# A cost file is its filer's (the mother's), and the agency's with costs.view_costimport.
API_COST_FILE = api(of(FILE_AGENCY, "200"), mother="200")
# Booking it: its filer, and the agency who may file costs for any budget.
API_BOOK_COST_FILE = api(of(FILE_AGENCY, "200"), mother="200", inspector="403")

ADMIN_PERSON = admin(*DOSSIER_AGENCY)
ADMIN_CONTRACT = admin(*CONTRACT_AGENCY)
ADMIN_COSTS = admin(*COST_AGENCY)
ADMIN_COST_FILE = admin(*FILE_AGENCY)
ADMIN_MANDATE = admin(*MANDATE_AGENCY)
ADMIN_MONEY = admin(*MONEY_AGENCY)
# The Excel template of a budget year: who may check or file costs in the admin.
ADMIN_TEMPLATE = admin("cost_review", "superuser")


# --- The doors ----------------------------------------------------------------------------------


def _get(url):
    return lambda http, w, obj: http.get(url(w, obj))


def _post(url, data=None):
    return lambda http, w, obj: http.post(url(w, obj), data or {})


def statement_body(w, budget_pk: int) -> dict:
    """A cost statement of one wage line for the budget (its family's contract; an unknown
    budget with the target's)."""
    family = next(
        (f for f in w.objects.values() if f["budget"].pk == budget_pk), w.objects["target"]
    )
    line = {
        "contract_id": family["contract"].pk,
        "cost_kind": "WAGE",
        "booking_type": "COST",
        "period_from": f"{YEAR}-10-01",
        "period_to": f"{YEAR}-10-31",
        "amount": "20.00",
    }
    return {"budget_id": budget_pk, "year": YEAR, "lines": [line]}


def contract_body(w, budget_pk: int) -> dict:
    """A complete PAB employment contract for the budget, starting next month, signed today."""
    from budgetlijn.contracts.tests.factories import employment

    today = timezone.localdate()
    start = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    data = employment(
        start_date=start,
        end_date=start.replace(year=start.year + 1) - timedelta(days=1),
        holder_signed_on=today,
        counterparty_signed_on=today,
    )
    return {"budget_id": budget_pk, **{name: str(value) for name, value in data.items()}}


def grant_body(w, person_pk: int) -> dict:
    """A mandate for an organisation with no mandate yet, from today."""
    return {
        "dossier": person_pk,
        "organisation": w.organisations["new"].pk,
        "rights": ["file_costs"],
        "starts_on": timezone.localdate().isoformat(),
    }


def _count(model_path: str):
    """How many rows of ``app_label.Model`` there are (an action asserts what it made)."""

    def count() -> int:
        from django.apps import apps

        return apps.get_model(model_path).objects.count()

    return count


def admin_change(app, model):
    return _get(lambda w, obj: f"/admin/{app}/{model}/{obj}/change/")


Door = SimpleNamespace

DOORS = [
    # channel, object, how to knock, expected on the target, the world's objects
    Door(
        channel="portal",
        kind="dossier",
        knock=_get(lambda w, pk: f"/mijn/dossiers/{pk}/"),
        target=PORTAL_DOSSIER,
        objects="person",
    ),
    Door(
        channel="portal",
        kind="budget",
        knock=_get(lambda w, pk: f"/mijn/budgetten/{pk}/"),
        target=PORTAL_DOSSIER,
        objects="budget",
    ),
    Door(
        channel="portal",
        kind="budget line",
        knock=_get(lambda w, pk: f"/mijn/budgetten/{pk}/?jaar={YEAR}"),
        # the year's line is the running balances': intake and contract approval see the
        # budget, not its line (a year they cannot see is 404, as one that does not exist)
        target=portal(SEES_COSTS),
        objects="budget",
    ),
    Door(
        channel="portal",
        kind="mandates of a dossier",
        knock=_get(lambda w, pk: f"/mijn/dossiers/{pk}/volmachten/"),
        target=PORTAL_DOSSIER,
        objects="person",
    ),
    Door(
        channel="portal",
        kind="mandate (revoke page)",
        knock=_get(lambda w, pk: f"/mijn/volmachten/{pk}/intrekken/"),
        target=PORTAL_REVOKE,
        objects="mandate",
    ),
    Door(
        channel="portal",
        kind="mandate (grant page)",
        knock=_get(lambda w, pk: f"/mijn/dossiers/{pk}/volmachten/nieuw/"),
        target=PORTAL_GRANT,
        objects="person",
    ),
    Door(
        channel="portal",
        kind="personal data (page)",
        knock=_get(lambda w, pk: f"/mijn/dossiers/{pk}/gegevens/"),
        target=PORTAL_PERSONAL_DATA,
        objects="person",
    ),
    Door(
        channel="portal",
        kind="payments and transfers",
        knock=_get(lambda w, pk: f"/mijn/budgetten/{pk}/betalingen/"),
        target=PORTAL_DOSSIER,
        objects="budget",
    ),
    Door(
        channel="portal",
        kind="free-share request form",
        knock=_get(lambda w, pk: f"/mijn/budgetten/{pk}/vrij-besteedbaar-deel/"),
        target=PORTAL_FREE_SHARE,
        objects="budget",
    ),
    Door(
        channel="portal",
        kind="free-share correction form",
        knock=_get(lambda w, pk: f"/mijn/budgetten/{pk}/vrij-besteedbaar-deel/terugstorten/"),
        target=PORTAL_FREE_SHARE,
        objects="budget",
    ),
    Door(
        channel="portal",
        kind="free-share correction (report)",
        knock=_post(
            lambda w, pk: f"/mijn/budgetten/{pk}/vrij-besteedbaar-deel/terugstorten/",
            {"year": YEAR, "amount": "10,00", "idempotency_key": "matrix-correct"},
        ),
        # free share paid back (R15): who may ask the free share
        target=PORTAL_FREE_SHARE_DONE,
        objects="budget",
        # The other family's budget was never paid: who may report there reaches the rules,
        # which refuse (nothing of its free share was paid out), the form again.
        on_other={"done": "400"},
        creates=_count("freeshare.FreeShareCorrection"),
    ),
    Door(
        channel="portal",
        kind="voucher invoice",
        knock=_get(lambda w, pk: f"/mijn/facturen/{pk}/"),
        target=portal(**PROVIDER_INVOICE),
        objects="invoice",
    ),
    Door(
        channel="portal",
        kind="mandate (grant)",
        knock=lambda http, w, pk: http.post(
            f"/mijn/dossiers/{pk}/volmachten/nieuw/",
            {
                "organisation": w.organisations["new"].pk,
                "rights": ["file_costs"],
                "starts_on": timezone.localdate().isoformat(),
            },
        ),
        target=PORTAL_GRANT_DONE,
        objects="person",
        creates=_count("assistance.Mandate"),
    ),
    Door(
        channel="portal",
        kind="free-share request (ask)",
        knock=_post(
            lambda w, pk: f"/mijn/budgetten/{pk}/vrij-besteedbaar-deel/",
            {"year": YEAR, "amount": "10,00", "idempotency_key": "matrix-ask-portal"},
        ),
        target=PORTAL_FREE_SHARE_DONE,
        objects="budget",
        creates=_count("freeshare.FreeShareRequest"),
    ),
    Door(
        channel="portal",
        kind="mandate (revoke)",
        knock=_post(lambda w, pk: f"/mijn/volmachten/{pk}/intrekken/"),
        target=PORTAL_REVOKE_DONE,
        objects="mandate",
    ),
    Door(
        channel="export",
        kind="personal-data export (download)",
        knock=_post(lambda w, pk: f"/mijn/dossiers/{pk}/gegevens/"),
        target=PORTAL_PERSONAL_DATA,
        objects="person",
        download="application/json",
    ),
    Door(
        channel="api",
        kind="dossier",
        knock=_get(lambda w, pk: f"/api/v1/dossiers/{pk}/"),
        target=api(**SEES_DOSSIER),
        objects="person",
    ),
    Door(
        channel="api",
        kind="budget",
        knock=_get(lambda w, pk: f"/api/v1/budgets/{pk}/"),
        target=api(**SEES_DOSSIER),
        objects="budget",
    ),
    Door(
        channel="api",
        kind="budget line",
        knock=_get(lambda w, pk: f"/api/v1/budgets/{pk}/lijn/{YEAR}/"),
        target=API_BUDGET_LINE,
        objects="budget",
    ),
    Door(
        channel="api",
        kind="contract",
        knock=_get(lambda w, pk: f"/api/v1/contracts/{pk}/"),
        target=api(**SEES_CONTRACT),
        objects="contract",
    ),
    Door(
        channel="api",
        kind="provider contract",
        knock=_get(lambda w, pk: f"/api/v1/contracts/{pk}/"),
        target=api(SEES_CONTRACT, provider_staff="200"),
        objects="provider_contract",
    ),
    Door(
        channel="api",
        kind="cost statement",
        knock=_get(lambda w, pk: f"/api/v1/kostenstaten/{pk}/"),
        target=api(**SEES_COSTS),
        objects="statement",
    ),
    Door(
        channel="api",
        kind="cost file",
        knock=_get(lambda w, pk: f"/api/v1/kostenbestanden/{pk}/"),
        target=API_COST_FILE,
        objects="cost_file",
        mirror={"staff_elsewhere": "mother"},  # the other file is the other organisation's
    ),
    Door(
        channel="api",
        kind="voucher invoice",
        knock=_get(lambda w, pk: f"/api/v1/voucherfacturen/{pk}/"),
        target=api(**PROVIDER_INVOICE),
        objects="invoice",
    ),
    Door(
        channel="api",
        kind="free-share requests of a budget",
        knock=_get(lambda w, pk: f"/api/v1/budgets/{pk}/vrij-besteedbaar-deel/"),
        target=api(**SEES_DOSSIER),
        objects="budget",
    ),
    Door(
        channel="api",
        kind="payments of a budget",
        knock=_get(lambda w, pk: f"/api/v1/budgets/{pk}/betalingen/"),
        target=api(**SEES_DOSSIER),
        objects="budget",
    ),
    # Actions through the API (each test rolls back what it did).
    Door(
        channel="api",
        kind="mandate (revoke)",
        knock=lambda http, w, pk: http.post(f"/api/v1/volmachten/{pk}/intrekken/"),
        target=API_REVOKE,
        objects="mandate",
    ),
    Door(
        channel="api",
        kind="free-share request (ask)",
        knock=lambda http, w, pk: http.post(
            f"/api/v1/budgets/{pk}/vrij-besteedbaar-deel/",
            {"year": YEAR, "amount": "10.00"},
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="matrix-ask",
        ),
        target=API_ASK_FREE_SHARE,
        objects="budget",
        creates=_count("freeshare.FreeShareRequest"),
    ),
    Door(
        channel="api",
        kind="cost file (book)",
        knock=lambda http, w, pk: http.post(
            f"/api/v1/kostenbestanden/{pk}/boeken/", {}, content_type="application/json"
        ),
        target=API_BOOK_COST_FILE,
        objects="cost_file",
        mirror={"staff_elsewhere": "mother"},
    ),
    Door(
        channel="api",
        kind="cost statement (file)",
        knock=lambda http, w, pk: http.post(
            "/api/v1/kostenstaten/",
            statement_body(w, pk),
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="matrix-file",
        ),
        target=API_FILE_COSTS,
        objects="budget",
        creates=_count("costs.CostStatement"),
    ),
    Door(
        channel="api",
        kind="contract (register)",
        knock=lambda http, w, pk: http.post(
            "/api/v1/contracts/", contract_body(w, pk), content_type="application/json"
        ),
        target=API_REGISTER_CONTRACT,
        objects="budget",
        creates=_count("contracts.Contract"),
    ),
    Door(
        channel="api",
        kind="contract (new version)",
        knock=lambda http, w, pk: http.post(
            f"/api/v1/contracts/{pk}/versies/",
            {"weekly_hours": "16.00"},
            content_type="application/json",
        ),
        target=API_AMEND_CONTRACT,
        objects="contract",
        creates=_count("contracts.Contract"),
    ),
    Door(
        channel="api",
        kind="provider contract (new version)",
        knock=lambda http, w, pk: http.post(
            f"/api/v1/contracts/{pk}/versies/",
            {"notice_terms": "Twee maanden"},
            content_type="application/json",
        ),
        target=API_AMEND_PROVIDER_CONTRACT,
        objects="provider_contract",
        creates=_count("contracts.Contract"),
    ),
    Door(
        channel="api",
        kind="mandate (grant)",
        knock=lambda http, w, pk: http.post(
            "/api/v1/volmachten/", grant_body(w, pk), content_type="application/json"
        ),
        target=API_GRANT,
        objects="person",
        creates=_count("assistance.Mandate"),
    ),
    # Lists: is the object among what the role is given?
    Door(
        channel="portal list",
        kind="voucher invoices of a provider",
        list_url="/mijn/facturen/",
        target=PORTAL_PROVIDER_INVOICES,
        objects="invoice",
    ),
    Door(
        channel="portal list",
        kind="holders of an organisation",
        list_url="/mijn/budgethouders/",
        target=PORTAL_HOLDERS,
        objects="mandate",
    ),
    Door(
        channel="api list",
        kind="dossier",
        list_url="/api/v1/dossiers/",
        target=api_list(**listed(SEES_DOSSIER)),
        objects="person",
    ),
    Door(
        channel="api list",
        kind="budget",
        list_url="/api/v1/budgets/",
        target=api_list(**listed(SEES_DOSSIER)),
        objects="budget",
    ),
    Door(
        channel="api list",
        kind="contract",
        list_url="/api/v1/contracts/",
        target=api_list(**listed(SEES_CONTRACT)),
        objects="contract",
    ),
    Door(
        channel="api list",
        kind="provider contract",
        list_url="/api/v1/contracts/",
        target=api_list(listed(SEES_CONTRACT), provider_staff="listed"),
        objects="provider_contract",
    ),
    Door(
        channel="api list",
        kind="cost statement",
        list_url="/api/v1/kostenstaten/",
        target=api_list(**listed(SEES_COSTS)),
        objects="statement",
    ),
    Door(
        channel="api list",
        kind="mandate",
        list_url="/api/v1/volmachten/",
        target=api_list(**listed(SEES_MANDATE)),
        objects="mandate",
    ),
    Door(
        channel="api list",
        kind="free-share request",
        list_url=lambda w, which: (
            f"/api/v1/budgets/{w.objects[which]['budget'].pk}/vrij-besteedbaar-deel/"
        ),
        target=api_list(listed(SEES_MONEY)),
        objects="free_share",
        missing="404",  # the budget's list answers 404 for who does not see the budget
    ),
    Door(
        channel="api list",
        kind="payment of a budget",
        list_url=lambda w, which: f"/api/v1/budgets/{w.objects[which]['budget'].pk}/betalingen/",
        target=api_list(listed(SEES_MONEY)),
        objects="payment_item",
        missing="404",
        # a row of the budget's payments names its source and run, not the item
        row_key=lambda row: (row["source_kind"], row["source_id"], row["run"]),
        obj_key=lambda item: (item.source_kind, item.source_id, item.run_id),
    ),
    Door(
        channel="api list",
        kind="voucher invoice",
        list_url="/api/v1/voucherfacturen/",
        target=api_list(**listed(PROVIDER_INVOICE)),
        objects="invoice",
    ),
    Door(
        channel="api list",
        kind="payment run",
        list_url="/api/v1/betaalruns/",
        target=api_list(**of(MONEY_AGENCY, "listed")),
        objects="run",
    ),
    # The admin's lists: is the object on the changelist?
    *(
        Door(
            channel="admin list",
            kind=kind,
            list_url=f"/admin/{app}/{model}/",
            target=admin_list(*allowed),
            objects=objects,
        )
        for kind, app, model, allowed, objects in (
            ("dossier", "dossiers", "person", DOSSIER_AGENCY, "person"),
            ("budget", "dossiers", "budget", DOSSIER_AGENCY, "budget"),
            ("contract", "contracts", "contract", CONTRACT_AGENCY, "contract"),
            ("cost statement", "costs", "coststatement", COST_AGENCY, "statement"),
            ("cost file", "costs", "costimport", FILE_AGENCY, "cost_file"),
            ("mandate", "assistance", "mandate", MANDATE_AGENCY, "mandate"),
            ("free-share request", "freeshare", "freesharerequest", MONEY_AGENCY, "free_share"),
            ("transfer", "payments", "transfer", MONEY_AGENCY, "transfer"),
            ("settlement", "settlements", "settlement", MONEY_AGENCY, "settlement"),
        )
    ),
    # Aggregates only, no person: the statistics' permission (analysts), else 403.
    Door(
        channel="export",
        kind="statistics (CSV)",
        knock=_get(lambda w, pk: "/statistieken/export.csv"),
        target=table("403", "login", analyst="200", superuser="200"),
        objects=None,
        download="text/csv",
    ),
    # The SEPA file of a payment run: an admin action of who processes runs (the payments
    # group); an inspector sees the run but is not offered the action (the list again, no
    # file). An unknown run selected: nothing to download, back to the list.
    Door(
        channel="export",
        kind="SEPA file of a payment run (admin action)",
        knock=lambda http, w, pk: http.post(
            "/admin/payments/paymentrun/", {"action": "download", "_selected_action": [pk]}
        ),
        target=table(
            "login",
            "login",
            of(STAFF, "403"),
            of(("payments", "payments_without_run_permission", "superuser"), "200"),
            inspector="200 form",
        ),
        objects="run",
        download="application/xml",
        redirect="not offered",
        missing_admin="not offered",
    ),
    # The admin: the agency's tool, by model permission.
    Door(
        channel="admin",
        kind="dossier",
        knock=admin_change("dossiers", "person"),
        target=ADMIN_PERSON,
        objects="person",
    ),
    Door(
        channel="admin",
        kind="budget",
        knock=admin_change("dossiers", "budget"),
        target=ADMIN_PERSON,
        objects="budget",
    ),
    Door(
        channel="admin",
        kind="contract",
        knock=admin_change("contracts", "contract"),
        target=ADMIN_CONTRACT,
        objects="contract",
    ),
    Door(
        channel="admin",
        kind="cost statement",
        knock=admin_change("costs", "coststatement"),
        target=ADMIN_COSTS,
        objects="statement",
    ),
    Door(
        channel="admin",
        kind="cost line",
        knock=admin_change("costs", "costline"),
        target=ADMIN_COSTS,
        objects="line",
    ),
    Door(
        channel="admin",
        kind="cost file",
        knock=admin_change("costs", "costimport"),
        target=ADMIN_COST_FILE,
        objects="cost_file",
    ),
    Door(
        channel="admin",
        kind="mandate",
        knock=admin_change("assistance", "mandate"),
        target=ADMIN_MANDATE,
        objects="mandate",
    ),
    Door(
        channel="admin",
        kind="free-share request",
        knock=admin_change("freeshare", "freesharerequest"),
        target=ADMIN_MONEY,
        objects="free_share",
    ),
    Door(
        channel="admin",
        kind="payment run",
        knock=admin_change("payments", "paymentrun"),
        target=ADMIN_MONEY,
        objects="run",
    ),
    Door(
        channel="admin",
        kind="transfer",
        knock=admin_change("payments", "transfer"),
        target=ADMIN_MONEY,
        objects="transfer",
    ),
    Door(
        channel="admin",
        kind="voucher invoice",
        knock=admin_change("vouchers", "voucherinvoice"),
        target=ADMIN_MONEY,
        objects="invoice",
    ),
    Door(
        channel="admin",
        kind="settlement",
        knock=admin_change("settlements", "settlement"),
        target=ADMIN_MONEY,
        objects="settlement",
    ),
    Door(
        channel="export",
        kind="settlement letter (PDF)",
        knock=_get(lambda w, pk: f"/admin/settlements/settlement/{pk}/letter.pdf"),
        target=ADMIN_MONEY,
        objects="settlement",
        download="application/pdf",
        missing_admin="404",
    ),
    Door(
        channel="export",
        kind="Excel template of a budget year",
        knock=_get(lambda w, pk: f"/admin/costs/costimport/sjabloon/?budget_id={pk}&year={YEAR}"),
        target=ADMIN_TEMPLATE,
        objects="budget",
        download="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        missing_admin="200 form",  # the form again: "this budget does not exist"
    ),
]


def _door_id(door) -> str:
    return f"{door.channel}:{door.kind}".replace(" ", "_")


def expected(door, variant: str, role: str) -> str:
    """The door's answer for ``role`` on the target's object, the other family's, or an id
    that does not exist."""
    on_target = door.target[role]
    if variant == "target":
        return on_target
    if variant == "other":
        if role in RELATED:
            mirror = getattr(door, "mirror", MIRROR)
            if role in mirror:
                on_mirror = door.target[mirror[role]]
                return getattr(door, "on_other", {}).get(on_mirror, on_mirror)
            hidden = {
                "listed": "unlisted",
                **dict.fromkeys(("200", "201", "403", "422", "done"), "404"),
            }
            return hidden.get(on_target, on_target)
        on_other = getattr(door, "on_other", {})
        return on_other.get(on_target, on_target)  # by permission: any dossier alike
    # an id that does not exist
    if door.channel == "admin" or (door.channel == "export" and hasattr(door, "missing_admin")):
        if on_target == "200":
            return getattr(door, "missing_admin", "gone")
        return on_target  # 403 or to the login: the same for any id
    if on_target in ("login", "401"):
        return on_target
    return "404"


VARIANTS = ("target", "other", "unknown")
# Objects the other family has none of: no settlement (one ended budget), no payment (its
# budget is never paid), and payment runs are not a family's.
ONLY_ON_TARGET = ("settlement", "run", "payment_item", "transfer")


def _cases():
    for door in DOORS:
        variants = VARIANTS
        if door.objects is None:
            variants = ("target",)  # not an object's door
        elif door.objects in ONLY_ON_TARGET:
            variants = ("target", "unknown")
        if hasattr(door, "list_url"):
            variants = tuple(v for v in variants if v != "unknown")
        for variant in variants:
            for role in ROLES:
                yield pytest.param(door, variant, role, id=f"{_door_id(door)}-{variant}-{role}")


# --- The world ----------------------------------------------------------------------------


def build_matrix_world():
    from knox.models import AuthToken

    from budgetlijn.access.roles import CONTRACT_APPROVAL
    from budgetlijn.access.tests.world import holder, mandate, organisation, staff_of, user
    from budgetlijn.api.tests.money_world import build_money_world
    from budgetlijn.costs import imports
    from budgetlijn.costs.constants import FiledByRole
    from budgetlijn.costs.tests.helpers import csv_bytes, row
    from budgetlijn.dossiers.models import BudgetHolder
    from budgetlijn.payments.models import Transfer
    from budgetlijn.settlements import services as settlements
    from budgetlijn.settlements.tests.helpers import first_quarter, started_pab, stop

    w = build_money_world()
    target, other = w.target, w.other
    w.users["father_not_managing"] = holder(target["father"], "father")
    BudgetHolder.objects.filter(budget=target["budget"], person=target["father"]).update(
        manages=False
    )
    w.users["contract_approval"] = user("approval", CONTRACT_APPROVAL, is_staff=True)
    today = timezone.localdate()
    no_costs = organisation(name="Bijstandsorganisatie Zonder Kosten")
    mandate(
        target["person"],
        no_costs,
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=300),
        rights=("register_contracts", "ask_free_share"),
    )
    w.users["staff_mandate_without_costs"] = staff_of(no_costs, "nocosts")
    # An organisation without any mandate yet: the one a grant names.
    w.organisations["new"] = organisation(name="Bijstandsorganisatie Nieuw")

    def cost_file(filer, made, role, organisation=""):
        data = csv_bytes([row(made["budget"], made["contract"], "10.00", month=11)])
        return imports.check_file(
            data, "kosten.csv", by=filer, role=role, organisation=organisation
        ).cost_import

    # The same bytes filed by two filers would be two files; these are two different files.
    mine = cost_file(w.users["mother"], target, FiledByRole.HOLDER)
    theirs = cost_file(
        w.users["staff_elsewhere"], other, FiledByRole.ASSISTANCE_ORGANISATION, "Elders"
    )

    ended = started_pab()
    first_quarter(ended)
    stop(ended["budget"], date(2023, 6, 1))
    settlement = settlements.settle_budget(ended["budget"], on=date(2023, 7, 10)).settlement

    item = w.items["target"]
    w.objects = {
        "target": {
            **target,
            "cost_file": mine,
            "free_share": w.free_share["target"],
            "payment_item": item,
            "transfer": Transfer.objects.get(items=item),
            "invoice": w.invoices["provider"],
            "run": w.run,
            "settlement": settlement,
        },
        "other": {
            **other,
            "cost_file": theirs,
            "free_share": w.free_share["other"],
            # the other family's budget is never paid (money_world): no item, no transfer
            "invoice": w.invoices["other_provider"],
        },
    }
    w.objects["target"]["mandate"] = w.mandates["full"]
    w.objects["other"]["mandate"] = w.mandates["other"]
    w.tokens = {
        role: AuthToken.objects.create(user=account)[1]
        for role, account in w.users.items()
        if role != "anonymous"
    }
    # One session per role (staff verified with their second factor), made with the world so
    # each test only carries the cookie instead of signing in again.
    w.cookies = {}
    for role, account in w.users.items():
        if role != "anonymous":
            http = TwoFactorClient()
            http.force_login(account)
            w.cookies[role] = SimpleCookie(http.cookies.output(header=""))
    assert set(w.users) | {"anonymous"} == set(ROLES), set(w.users) ^ set(ROLES)
    return w


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            yield build_matrix_world()
            transaction.set_rollback(True)


def signed_in(world, role: str, channel: str) -> TwoFactorClient:
    """A client of ``role``: a token for the API, a session (agency staff verified with their
    second factor, as after the two-step sign-in) for the pages and the admin."""
    http = TwoFactorClient()
    if role == "anonymous":
        return http
    if channel.startswith("api"):
        http.defaults["HTTP_AUTHORIZATION"] = f"Token {world.tokens[role]}"
    else:
        http.cookies = SimpleCookie(world.cookies[role].output(header=""))
    return http


def outcome(door, response) -> str:
    status = response.status_code
    if status == 302:
        location = response["Location"]
        if "login" in location:
            return "login"
        if door.channel == "admin":
            return "gone"
        if hasattr(door, "redirect"):
            return door.redirect
        if response.request["REQUEST_METHOD"] == "POST":
            return "done"  # the page's action done, and on to the next page
        return f"302 {location}"
    if status == 200 and getattr(door, "download", None):
        content_type = response["Content-Type"]
        if content_type.startswith(door.download):
            assert response["Content-Disposition"].startswith("attachment")
            return "200"
        return "200 form"
    if status in (401, 403, 404) and door.channel.startswith("api"):
        assert response["Content-Type"] == "application/problem+json"
    return str(status)


def _keys(door, response) -> set:
    data = response.json()
    rows = data["results"] if isinstance(data, dict) else data
    key = getattr(door, "row_key", lambda row: row["id"])
    return {key(row) for row in rows}


def knock_list(door, world, which, http) -> str:
    url = door.list_url(world, which) if callable(door.list_url) else door.list_url
    obj = world.objects[which][door.objects]
    if door.channel == "admin list":
        response = http.get(url)
        if response.status_code != 200:
            return outcome(door, response)
        shown = response.context["cl"].queryset.values_list("pk", flat=True)
        return "listed" if obj.pk in set(shown) else "unlisted"
    if door.channel == "portal list":
        response = http.get(url)
        if response.status_code != 200:
            return outcome(door, response)
        page = response.context["page"]
        assert not page.has_next()  # the world fits on one page
        return "listed" if obj.pk in {row.pk for row in page.object_list} else "unlisted"
    response = http.get(url, {"page_size": 100})
    if response.status_code != 200:
        return outcome(door, response)
    assert response.json().get("next") is None  # the world fits on one page
    key = getattr(door, "obj_key", lambda obj: obj.pk)
    return "listed" if key(obj) in _keys(door, response) else "unlisted"


@pytest.mark.parametrize(("door", "variant", "role"), list(_cases()))
def test_access_matrix(world, door, variant, role):
    http = signed_in(world, role, door.channel)
    if hasattr(door, "list_url"):
        got = knock_list(door, world, variant, http)
        want = expected(door, variant, role)
        if want == "unlisted" and got == "404":
            want = getattr(door, "missing", want)
        assert got == want, f"{door.channel} / {door.kind} / {variant} / {role}: {got} != {want}"
        return
    if door.objects is None:
        pk = None
    elif variant == "unknown":
        pk = UNKNOWN
    else:
        pk = world.objects[variant][door.objects].pk
    count = getattr(door, "creates", None)
    before = count() if count else None
    got, want = outcome(door, door.knock(http, world, pk)), expected(door, variant, role)
    assert got == want, f"{door.channel} / {door.kind} / {variant} / {role}: {got} != {want}"
    if count:
        # an action done made its row; a refused one made nothing
        assert count() == before + (got in ("201", "done")), f"{door.kind} / {variant} / {role}"


def test_every_table_names_every_role():
    for door in DOORS:
        assert set(door.target) == set(ROLES), _door_id(door)


def test_every_kind_of_object_is_behind_a_door_of_every_channel_it_has():
    kinds = {(door.channel, door.objects) for door in DOORS}
    for name in ("person", "budget", "contract", "statement", "mandate", "invoice"):
        assert ("api", name) in kinds or ("api list", name) in kinds, name
        assert ("admin", name) in kinds, name
    for name in ("free_share", "payment_item", "run", "cost_file", "provider_contract"):
        assert any(obj == name for _channel, obj in kinds), name


def _without_token(response) -> str:
    """The page without its CSRF token (new on every page of the sign-out form)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def test_guessed_ids_answer_like_unknown_ones_for_a_holder(world):
    """The other family's dossier through every portal and API door of a holder: the same
    404 as an id that does not exist (no probing), the same body but for the address."""
    http = signed_in(world, "mother", "portal")
    for door in DOORS:
        if door.channel != "portal" or not hasattr(door, "knock"):
            continue
        other = door.knock(http, world, world.objects["other"][door.objects].pk)
        unknown = door.knock(http, world, UNKNOWN)
        assert other.status_code == unknown.status_code == 404, door.kind
        assert _without_token(other) == _without_token(unknown), door.kind
