"""A person's data, on request (GDPR article 15 access and article 20 portability).

``personal_data(person)`` gathers everything Budgetlijn holds about one person, as JSON that
other software reads and a person can follow: each section names its rows in Dutch (the fields'
own labels), choices as their Dutch label, amounts as text with two decimals, days as
``JJJJ-MM-DD``. One query per section, whatever the size of the dossier.

What counts as the person's data (decision 0024):
- the person, their relations (either side), their holder account (user name only: never a
  password hash), the mandates on their dossier and every act under them;
- their budgets with holders, budget account, allocation changes, life-cycle events and
  management statements; the contracts of those budgets (every version) and the contracts in
  which the person is the assistant (the other party); cost statements and lines; ledger
  entries; free-share requests and voucher invoice lines of those budgets; what the payment
  runs paid for them (payment items), the transfers to their budget account (never a provider's
  transfer: a voucher line's payment shows as its item only), deductions and what was withheld;
  settlements, reclaims, closed budget years, the PVB transition letter, and the sampled
  statements and lines of the R31 checks (not the sample itself, which is about everyone);
- the audit trail about the dossier (events with their person id): who did and saw what.

Who may ask (``may_export``): the person themselves and whoever is a budget holder of one of
their budgets (a parent or guardian of a minor, managing or not), through the portal (which
also needs the dossier in their reach); agency staff with ``access.export_personal_data`` (the
command ``export_personal_data``). An assistance organisation may not, even with a mandate: the
request is the person's. Every export is itself recorded in the audit trail
(``VIEW_SENSITIVE``), since it shows the full national register number.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from budgetlijn.access.models import HolderAccount
from budgetlijn.assistance.models import Mandate, MandateAct
from budgetlijn.audit.models import AuditEvent
from budgetlijn.audit.services import record
from budgetlijn.contracts.models import Contract
from budgetlijn.costs.models import CostLine, CostStatement
from budgetlijn.dossiers.models import (
    Budget,
    BudgetAccount,
    BudgetAllocationChange,
    BudgetHolder,
    LifecycleEvent,
    ManagementStatement,
    Person,
    Relation,
)
from budgetlijn.freeshare.models import FreeShareCorrection, FreeShareRequest
from budgetlijn.ledger.models import Entry
from budgetlijn.payments.constants import BeneficiaryKind
from budgetlijn.payments.models import Deduction, DeductionUse, PaymentItem, Transfer
from budgetlijn.settlements.models import (
    BudgetYearClose,
    PvbTransitionLetter,
    Reclaim,
    SampledLine,
    SampledStatement,
    Settlement,
)
from budgetlijn.vouchers.models import VoucherInvoiceLine

EXPORT_PERMISSION = "access.export_personal_data"
FORMAT_VERSION = 1
# Never exported: what only a machine needs and what would help an attacker.
LEFT_OUT = frozenset({"password", "request_hash"})


def may_export(user, person: Person) -> bool:
    """The person themselves, a budget holder of one of their budgets, or agency staff with
    the export permission (active users only)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.has_perm(EXPORT_PERMISSION):
        return True
    account = HolderAccount.objects.filter(user=user).values_list("person_id", flat=True).first()
    if account is None:
        return False
    if account == person.pk:
        return True
    # a parent or guardian of a minor, managing or not: both are the child's representatives
    return BudgetHolder.objects.filter(budget__person=person, person_id=account).exists()


def _value(field, value: Any) -> Any:
    if value is None:
        return None
    if field is not None and field.choices and not field.is_relation:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, Decimal):
        return f"{value:.2f}" if field is not None and field.decimal_places == 2 else str(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _rows(queryset: QuerySet) -> list[dict[str, Any]]:
    """Every row of ``queryset``, each field under its Dutch label (the id as ``id``; a
    foreign key as the id it points to, under the relation's label)."""
    model = queryset.model
    fields = [
        f for f in model._meta.concrete_fields if f.name not in LEFT_OUT and f.attname != "id"
    ]
    names = ["pk", *(f.attname for f in fields)]
    labels = ["id", *(str(f.verbose_name) for f in fields)]
    result = []
    for row in queryset.order_by("pk").values_list(*names):
        result.append(
            {
                label: _value(field, value)
                for label, field, value in zip(labels, [None, *fields], row, strict=True)
            }
        )
    return result


def _section(title: str, model: type[Model], queryset: QuerySet) -> dict[str, Any]:
    return {
        "titel": title,
        "soort": str(model._meta.verbose_name_plural),
        "rijen": _rows(queryset),
    }


def personal_data(person: Person) -> dict[str, Any]:
    """Everything Budgetlijn holds about ``person`` (see the module docstring)."""
    budgets = Budget.objects.filter(person=person)
    contracts = Contract.objects.filter(budget__person=person)
    sections = [
        _section(_("Persoon"), Person, Person.objects.filter(pk=person.pk)),
        _section(
            _("Relaties"), Relation, Relation.objects.filter(Q(person=person) | Q(relative=person))
        ),
        _section(
            _("Account"),
            HolderAccount,
            HolderAccount.objects.filter(person=person),
        ),
        _section(_("Budgetten"), Budget, budgets),
        _section(
            _("Budgethouders"),
            BudgetHolder,
            BudgetHolder.objects.filter(Q(budget__person=person) | Q(person=person)),
        ),
        _section(
            _("Budgetrekeningen"),
            BudgetAccount,
            BudgetAccount.objects.filter(budget__person=person),
        ),
        _section(
            _("Wijzigingen van de toekenning"),
            BudgetAllocationChange,
            BudgetAllocationChange.objects.filter(budget__person=person),
        ),
        _section(
            _("Levensloop van de budgetten"),
            LifecycleEvent,
            LifecycleEvent.objects.filter(budget__person=person),
        ),
        _section(
            _("Verklaringen over het beheer"),
            ManagementStatement,
            ManagementStatement.objects.filter(
                Q(budget__person=person) | Q(managing_parent=person) | Q(assistant_parent=person)
            ),
        ),
        _section(_("Overeenkomsten van de budgetten"), Contract, contracts),
        _section(
            _("Overeenkomsten waarin de persoon assistent is"),
            Contract,
            Contract.objects.filter(counterparty_person=person).exclude(budget__person=person),
        ),
        _section(
            _("Kostenstaten"), CostStatement, CostStatement.objects.filter(budget__person=person)
        ),
        _section(_("Kostenlijnen"), CostLine, CostLine.objects.filter(budget__person=person)),
        _section(
            _("Boekingen in het grootboek"), Entry, Entry.objects.filter(budget__person=person)
        ),
        _section(
            _("Aanvragen vrij besteedbaar deel"),
            FreeShareRequest,
            FreeShareRequest.objects.filter(budget__person=person),
        ),
        _section(
            _("Correcties vrij besteedbaar deel"),
            FreeShareCorrection,
            FreeShareCorrection.objects.filter(budget__person=person),
        ),
        _section(
            _("Voucherfactuurlijnen"),
            VoucherInvoiceLine,
            VoucherInvoiceLine.objects.filter(budget__person=person),
        ),
        _section(
            _("Betaalde posten"), PaymentItem, PaymentItem.objects.filter(budget__person=person)
        ),
        _section(
            _("Overschrijvingen naar de budgetrekening"),
            Transfer,
            Transfer.objects.filter(
                beneficiary_kind=BeneficiaryKind.BUDGET_ACCOUNT, budget__person=person
            ),
        ),
        _section(_("Inhoudingen"), Deduction, Deduction.objects.filter(budget__person=person)),
        _section(
            _("Ingehouden bedragen"),
            DeductionUse,
            DeductionUse.objects.filter(deduction__budget__person=person),
        ),
        _section(
            _("Eindafrekeningen"), Settlement, Settlement.objects.filter(budget__person=person)
        ),
        _section(_("Terugvorderingen"), Reclaim, Reclaim.objects.filter(budget__person=person)),
        _section(
            _("Kostenstaten in een steekproef"),
            SampledStatement,
            SampledStatement.objects.filter(statement__budget__person=person),
        ),
        _section(
            _("Kostenlijnen in een steekproef"),
            SampledLine,
            SampledLine.objects.filter(line__budget__person=person),
        ),
        _section(
            _("Afgesloten budgetjaren"),
            BudgetYearClose,
            BudgetYearClose.objects.filter(budget__person=person),
        ),
        _section(
            _("Brieven over de overstap naar een PVB"),
            PvbTransitionLetter,
            PvbTransitionLetter.objects.filter(budget__person=person),
        ),
        _section(_("Volmachten"), Mandate, Mandate.objects.filter(person=person)),
        _section(
            _("Handelingen onder volmacht"), MandateAct, MandateAct.objects.filter(person=person)
        ),
        _section(_("Audittrail"), AuditEvent, AuditEvent.objects.filter(person_id=person.pk)),
    ]
    return {
        "formaat": FORMAT_VERSION,
        "titel": _("Gegevens van %(name)s in Budgetlijn") % {"name": person.full_name},
        "uitleg": _(
            "Alle gegevens die Budgetlijn over deze persoon bewaart, op de dag van de export. "
            "Elke rij noemt haar velden zoals ze in Budgetlijn heten; een verwijzing naar een "
            "andere rij staat als haar nummer (id)."
        ),
        "gemaakt_op": timezone.localtime().isoformat(timespec="seconds"),
        "persoon_id": person.pk,
        "onderdelen": sections,
    }


def export_personal_data(person: Person, *, by) -> bytes:
    """The export as UTF-8 JSON, recorded in the audit trail as a view of sensitive data."""
    data = personal_data(person)
    record(
        action=AuditEvent.Action.VIEW_SENSITIVE,
        obj=person,
        summary=_("Gegevens van de persoon geëxporteerd (inzageverzoek)"),
        actor=by,
        person_id=person.pk,
        details={"export": "personal_data", "sections": len(data["onderdelen"])},
    )
    return json.dumps(data, ensure_ascii=False, indent=2).encode()
