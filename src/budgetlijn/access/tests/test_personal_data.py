"""GDPR access: a person's data as JSON, who may ask for it, and the record of every export."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from budgetlijn.access.personal_data import may_export, personal_data
from budgetlijn.audit.models import AuditEvent
from budgetlijn.freeshare import services as freeshare
from budgetlijn.payments import services as payments
from budgetlijn.payments.constants import BeneficiaryKind, DeductionKind, SourceKind
from budgetlijn.payments.models import Deduction, PaymentItem, Transfer
from budgetlijn.settlements import samples
from budgetlijn.settlements.constants import ReclaimKind
from budgetlijn.settlements.models import Reclaim, SampledLine, SampledStatement
from budgetlijn.vouchers import services as vouchers
from budgetlijn.vouchers.tests.conftest import line, make_world

pytestmark = pytest.mark.django_db


def _section(data, title):
    (found,) = [s for s in data["onderdelen"] if s["titel"] == title]
    return found["rijen"]


def test_the_export_holds_the_dossier_and_nothing_of_another(world):
    child = world.target["person"]
    data = personal_data(child)
    text = json.dumps(data, ensure_ascii=False)
    assert data["persoon_id"] == child.pk
    (person,) = _section(data, "Persoon")
    assert person["id"] == child.pk
    assert child.national_number in person.values()  # in full: it is the person's own data
    budgets = _section(data, "Budgetten")
    assert [b["id"] for b in budgets] == [world.target["budget"].pk]
    lines = _section(data, "Kostenlijnen")
    assert [row["id"] for row in lines] == [world.target["line"].pk]
    assert lines[0]["bedrag"] == "1500.00"  # an amount as text with two decimals
    assert lines[0]["van"] == "2023-01-01"
    entries = _section(data, "Boekingen in het grootboek")
    assert world.target["entry"].pk in [row["id"] for row in entries]
    assert {row["soort boeking"] for row in entries} >= {"toekenning jaarbudget", "vastgelegd"}
    mandates = _section(data, "Volmachten")
    assert {m["id"] for m in mandates} == {m.pk for m in world.mandates.values()}
    assert _section(data, "Handelingen onder volmacht")
    # nothing of the other dossiers, no password hash, no request fingerprint
    assert world.other["person"].national_number not in text
    assert world.adult["person"].national_number not in text
    assert "pbkdf2" not in text and "argon2" not in text
    assert "vingerafdruk" not in text
    (account,) = _section(data, "Account")
    assert account["gebruiker"] == world.users["child"].pk


def test_the_export_lists_the_audit_trail_of_the_dossier(world):
    child = world.target["person"]
    events = _section(personal_data(child), "Audittrail")
    assert events
    assert {e["id"] for e in events} == set(
        AuditEvent.objects.filter(person_id=child.pk).values_list("pk", flat=True)
    )


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("child", True),  # the person
        ("mother", True),  # the managing parent
        ("father_not_managing", True),  # the other parent: a representative too
        ("adult_holder", False),
        ("staff_full_mandate", False),  # an organisation, even with every right
        ("provider_staff", False),
        ("intake", True),  # the agency's intake group has the permission
        ("cost_review", False),
        ("analyst", False),
        ("inspector", False),
        ("superuser", True),
        ("inactive_superuser", False),
        ("anonymous", False),
    ],
)
def test_who_may_export_a_childs_data(world, fresh, role, allowed):
    assert may_export(fresh(role), world.target["person"]) is allowed


def test_a_holder_downloads_the_data_with_a_post_and_the_download_is_recorded(client, world, fresh):
    child = world.target["person"]
    client.force_login(fresh("mother"))
    url = reverse("portal:personal_data", args=[child.pk])
    before = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW_SENSITIVE).count()
    page = client.get(url)
    assert page.status_code == 200 and "Gegevens downloaden" in page.content.decode()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.VIEW_SENSITIVE).count() == before
    response = client.post(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["persoon_id"] == child.pk
    event = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW_SENSITIVE).latest("id")
    assert event.person_id == child.pk and event.actor_id == world.users["mother"].pk
    # the dossier page links to it
    dossier = client.get(reverse("portal:dossier", args=[child.pk])).content.decode()
    assert url in dossier


def test_an_organisation_with_a_mandate_today_sees_the_dossier_but_gets_no_export(client, world):
    from datetime import timedelta

    from django.utils import timezone

    from budgetlijn.access.tests.world import mandate, organisation, staff_of

    child = world.target["person"]
    today = timezone.localdate()
    org = organisation(name="Bijstand Vandaag")
    member = staff_of(org, "vandaag")
    mandate(child, org, starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=300))
    client.force_login(member)
    url = reverse("portal:personal_data", args=[child.pk])
    dossier = client.get(reverse("portal:dossier", args=[child.pk]))
    assert dossier.status_code == 200 and url not in dossier.content.decode()
    assert client.post(url).status_code == 403
    assert client.get(url).status_code == 403


def test_a_holder_of_another_dossier_gets_404(client, world, fresh):
    client.force_login(fresh("adult_holder"))
    url = reverse("portal:personal_data", args=[world.target["person"].pk])
    assert client.post(url).status_code == 404


def test_a_guessed_id_answers_404(client, world, fresh):
    client.force_login(fresh("mother"))
    for person_id in (world.other["person"].pk, 987_654):
        assert client.post(reverse("portal:personal_data", args=[person_id])).status_code == 404


def test_the_command_exports_for_the_agency_and_refuses_in_dutch(world, tmp_path):
    child = world.target["person"]
    out = tmp_path / "export.json"
    stdout = StringIO()
    call_command(
        "export_personal_data",
        person=child.pk,
        by=world.users["intake"].username,
        out=str(out),
        stdout=stdout,
    )
    assert json.loads(out.read_text(encoding="utf-8"))["persoon_id"] == child.pk
    assert "geschreven naar" in stdout.getvalue()
    with pytest.raises(CommandError, match="bestaat al"):
        call_command("export_personal_data", person=child.pk, by="intake", out=str(out))
    with pytest.raises(CommandError, match="mag geen gegevens"):
        call_command(
            "export_personal_data", person=child.pk, by="analyst", out=str(tmp_path / "a.json")
        )
    with pytest.raises(CommandError, match="geen persoon met id"):
        call_command(
            "export_personal_data", person=987_654, by="intake", out=str(tmp_path / "b.json")
        )
    with pytest.raises(CommandError, match="geen actieve gebruiker"):
        call_command(
            "export_personal_data", person=child.pk, by="niemand", out=str(tmp_path / "c.json")
        )


def _ids(data, title):
    return {row["id"] for row in _section(data, title)}


def test_the_export_holds_free_share_payments_deductions_and_checks_of_the_person(world):
    """Free share, what the runs paid and withheld, reclaims and the R31 sample: the person's
    own rows; a voucher holder's line without the provider's transfer; nothing of another."""
    target, other = world.target, world.other
    share = freeshare.ask_free_share(
        budget=target["budget"], year=2023, amount="300.00", asked_on=date(2023, 3, 1)
    )
    freeshare.ask_free_share(
        budget=other["budget"], year=2023, amount="200.00", asked_on=date(2023, 3, 1)
    )
    voucher = make_world()
    filed = vouchers.file_voucher_invoice(
        provider=voucher["provider"],
        month=date(2023, 5, 1),
        lines=[line(voucher, "1500.00")],
        filed_on=date(2023, 6, 5),
    )
    (voucher_line,) = filed.invoice.lines.all()
    for dossier, amount in ((target, "50.00"), (other, "70.00")):
        payments.open_deduction(
            budget=dossier["budget"], kind=DeductionKind.CREDIT_NOTE, amount=amount, reason="nota"
        )
    Reclaim.objects.create(
        budget=target["budget"],
        kind=ReclaimKind.NOT_PROVEN,
        amount=Decimal("20.00"),
        reason="Niet bewezen",
        source="test:target",
    )
    samples.draw_sample(year=2023, rate="1", seed=1, on=date(2023, 9, 1))
    report = payments.draft_run(on=timezone.localdate())
    assert report.ok and report.items >= 5, report.lines()

    data = personal_data(target["person"])
    text = json.dumps(data, ensure_ascii=False)
    assert _ids(data, "Aanvragen vrij besteedbaar deel") == {share.pk}
    (request,) = _section(data, "Aanvragen vrij besteedbaar deel")
    assert "300.00" in request.values()
    items = PaymentItem.objects.filter(budget=target["budget"])
    assert _ids(data, "Betaalde posten") == set(items.values_list("pk", flat=True))
    assert len(items) == 2  # the cost line and the free share
    own = Transfer.objects.filter(items__budget=target["budget"]).distinct()
    assert _ids(data, "Overschrijvingen naar de budgetrekening") == set(
        own.values_list("pk", flat=True)
    )
    assert _ids(data, "Inhoudingen") == set(
        Deduction.objects.filter(budget=target["budget"]).values_list("pk", flat=True)
    )
    assert len(_ids(data, "Inhoudingen")) == 2  # the credit note and the handed-over reclaim
    assert _section(data, "Ingehouden bedragen")
    assert _ids(data, "Terugvorderingen") == set(
        Reclaim.objects.filter(budget=target["budget"]).values_list("pk", flat=True)
    )
    assert _ids(data, "Kostenstaten in een steekproef") == set(
        SampledStatement.objects.filter(statement=target["statement"]).values_list("pk", flat=True)
    )
    assert _ids(data, "Kostenlijnen in een steekproef") == set(
        SampledLine.objects.filter(line__budget=target["budget"]).values_list("pk", flat=True)
    )
    assert len(_ids(data, "Kostenlijnen in een steekproef")) == 1
    assert _section(data, "Voucherfactuurlijnen") == []
    assert _section(data, "Correcties vrij besteedbaar deel") == []
    correction = freeshare.correct_free_share(
        budget=target["budget"], year=2023, amount="100.00", corrected_on=timezone.localdate()
    )
    data = personal_data(target["person"])
    assert _ids(data, "Correcties vrij besteedbaar deel") == {correction.pk}
    assert _section(personal_data(other["person"]), "Correcties vrij besteedbaar deel") == []
    assert _section(data, "Eindafrekeningen") == []
    # nothing of the other dossier, the voucher holder or the provider
    assert world.other["person"].national_number not in text
    assert voucher["provider"].iban not in text
    provider_transfer = Transfer.objects.get(beneficiary_kind=BeneficiaryKind.PROVIDER)

    holder = personal_data(voucher["budget"].person)
    assert _ids(holder, "Voucherfactuurlijnen") == {voucher_line.pk}
    (voucher_item,) = _section(holder, "Betaalde posten")
    assert (
        voucher_item["id"]
        == PaymentItem.objects.get(
            source_kind=SourceKind.VOUCHER_LINE, source_id=voucher_line.pk
        ).pk
    )
    assert _section(holder, "Overschrijvingen naar de budgetrekening") == []
    assert provider_transfer.pk not in _ids(holder, "Overschrijvingen naar de budgetrekening")
    assert voucher["provider"].iban not in json.dumps(holder, ensure_ascii=False)
