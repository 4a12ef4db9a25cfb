"""THE one place that decides what a user may see and do.

Every function takes the acting user and returns a queryset of only what that user may reach
(or a yes/no for one object). Pages, the API, exports and the admin call these; none of them
filters by role itself. Anything outside a user's reach is answered with 404 (``get_or_404``,
``require``), never 403, so ids cannot be probed.

Who reaches what (``on`` is the day mandates are judged on, today by default):

- a **superuser**: everything;
- **agency staff**, **inspectors** and anyone else with model permissions: every object of a
  model whose permission for the action they hold (``view_<model>`` to see it; the action's
  permission in ``RULES`` to act). The groups in ``access.roles`` carry these permissions; the
  inspectors' group carries only ``view_`` permissions, so inspectors change nothing;
- **analysts**: no individual record (their group carries only ``reporting.view_statistics``);
- a **holder** (a user with a ``HolderAccount``): their own dossier (the person they are and
  that person's budgets) to see, and the budgets they manage as a ``dossiers.BudgetHolder``
  (``manages``: the adult holder, a parent or guardian of a minor) to see and to act on;
- **organisation staff** (active members of an active organisation): the dossiers (persons and
  all their budgets) for which one of their organisations holds a mandate active on ``on``,
  each action only with the mandate's right for it; their own organisations' mandates and the
  acts under them in any state (not another organisation's mandate on the same dossier); and,
  as a party to it, a contract naming their organisation's enterprise number as the other party
  (providers);
- anonymous and inactive users: nothing.

Each function builds its queryset without querying (the permission check reads the user's
permission cache once per user object); the queryset runs as one SQL statement with subqueries,
whatever the number of rows.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import or_
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from budgetlijn.access.constants import Action
from budgetlijn.access.models import HolderAccount
from budgetlijn.assistance.constants import MandateRight
from budgetlijn.assistance.models import Mandate, MandateAct
from budgetlijn.assistance.selectors import active_mandates, organisations_of
from budgetlijn.contracts.models import Contract
from budgetlijn.costs.models import CostImport, CostLine, CostStatement
from budgetlijn.dossiers.models import Budget, BudgetHolder, Person
from budgetlijn.ledger.models import BudgetYearBalance, Entry

__all__ = [
    "Action",
    "RULES",
    "budget_year_balances_for",
    "budgets_for",
    "can",
    "contracts_for",
    "cost_lines_for",
    "cost_statements_for",
    "get_or_404",
    "ledger_entries_for",
    "mandate_acts_for",
    "mandates_for",
    "persons_for",
    "reach",
    "require",
]


@dataclass(frozen=True)
class Kind:
    """How an object belongs to a dossier: the lookups to its person and to its budget."""

    person: str
    budget: str | None  # None: the object belongs to the person, not to one budget
    organisation: str | None = None  # set: the object belongs to an organisation too


KINDS: dict[type[Model], Kind] = {
    Person: Kind(person="pk", budget=None),
    Budget: Kind(person="person_id", budget="pk"),
    Contract: Kind(person="budget__person_id", budget="budget_id"),
    CostStatement: Kind(person="budget__person_id", budget="budget_id"),
    CostLine: Kind(person="budget__person_id", budget="budget_id"),
    Entry: Kind(person="budget__person_id", budget="budget_id"),
    BudgetYearBalance: Kind(person="budget__person_id", budget="budget_id"),
    Mandate: Kind(person="person_id", budget=None, organisation="organisation_id"),
    MandateAct: Kind(person="person_id", budget=None, organisation="organisation_id"),
}
DOSSIER = frozenset({Person, Budget})


def _view_permission(model: type[Model]) -> str:
    return f"{model._meta.app_label}.view_{model._meta.model_name}"


@dataclass(frozen=True)
class Rule:
    """Who may do an action, and on which kinds of object."""

    kinds: frozenset[type[Model]]
    holder: bool  # a holder who manages the budget (for VIEW: whose dossier it is)
    right: MandateRight | None  # organisation staff under a mandate with this right
    permission: Callable[[type[Model]], str | None]  # the agency's model permission


RULES: dict[Action, Rule] = {
    Action.VIEW: Rule(frozenset(KINDS), True, MandateRight.VIEW, _view_permission),
    Action.REGISTER_CONTRACT: Rule(
        DOSSIER, True, MandateRight.REGISTER_CONTRACTS, lambda m: "contracts.add_contract"
    ),
    Action.FILE_COSTS: Rule(
        DOSSIER, True, MandateRight.FILE_COSTS, lambda m: "costs.add_coststatement"
    ),
    # No agency permission yet: the free share is asked by the holder (or under a mandate).
    Action.ASK_FREE_SHARE: Rule(DOSSIER, True, MandateRight.ASK_FREE_SHARE, lambda m: None),
    Action.GRANT_MANDATE: Rule(frozenset({Person}), True, None, lambda m: "assistance.add_mandate"),
    Action.REVOKE_MANDATE: Rule(
        frozenset({Mandate}), True, None, lambda m: "assistance.change_mandate"
    ),
    Action.EDIT_DOSSIER: Rule(
        DOSSIER, False, None, lambda m: f"dossiers.change_{m._meta.model_name}"
    ),
    Action.APPROVE_CONTRACT: Rule(
        frozenset({Contract}), False, None, lambda m: "contracts.change_contract"
    ),
    Action.REVIEW_COSTS: Rule(
        frozenset({CostLine}), False, None, lambda m: "costs.review_costline"
    ),
    Action.REVERSE_ENTRY: Rule(frozenset({Entry}), False, None, lambda m: "ledger.reverse_entry"),
}


def _today(on: date | None) -> date:
    return on or timezone.localdate()


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _lookup(path: str) -> str:
    return f"{path}__in"


def _holder_q(user: Any, kind: Kind, *, manage: bool) -> Q:
    """A holder's objects: those of budgets they manage, and (to see) those of their own dossier."""
    managed = BudgetHolder.objects.filter(person__holder_account__user=user, manages=True)
    if kind.budget is not None:
        q = Q(**{_lookup(kind.budget): managed.values("budget_id")})
    else:
        q = Q(**{_lookup(kind.person): managed.values("budget__person_id")})
    if not manage:
        own = HolderAccount.objects.filter(user=user).values("person_id")
        q |= Q(**{_lookup(kind.person): own})
    return q


def _organisation_q(user: Any, kind: Kind, right: MandateRight, on: date) -> Q:
    """Organisation staff's objects: the dossiers of their organisations' active mandates."""
    organisations = organisations_of(user).values("pk")
    if kind.organisation is not None:
        # Mandates and acts: only their own organisations', whatever their state (never those
        # of another organisation on the same dossier).
        return Q(**{_lookup(kind.organisation): organisations})
    mandates = active_mandates(on=on, organisation_ids=organisations, right=right)
    return Q(**{_lookup(kind.person): mandates.values("person_id")})


def _party_q(user: Any) -> Q:
    """A contract naming one of the user's organisations as the other party (providers)."""
    numbers = organisations_of(user).exclude(enterprise_number="").values("enterprise_number")
    return Q(counterparty_enterprise_number__in=numbers)


def reach(
    user: Any, model: type[Model], action: Action = Action.VIEW, *, on: date | None = None
) -> QuerySet:
    """The objects of ``model`` on which ``user`` may do ``action`` (judged on ``on``)."""
    model = model._meta.concrete_model
    rule = RULES[Action(action)]
    queryset = model._default_manager.all()
    if model not in rule.kinds or not _signed_in(user):
        return queryset.none()
    if user.is_superuser:
        return queryset
    permission = rule.permission(model)
    if permission and user.has_perm(permission):
        return queryset
    kind = KINDS[model]
    conditions = []
    if rule.holder:
        conditions.append(_holder_q(user, kind, manage=action != Action.VIEW))
    if rule.right is not None:
        conditions.append(_organisation_q(user, kind, rule.right, _today(on)))
    if action == Action.VIEW and model is Contract:
        conditions.append(_party_q(user))
    if not conditions:
        return queryset.none()
    return queryset.filter(reduce(or_, conditions))


def persons_for(user: Any, *, action: Action = Action.VIEW, on: date | None = None) -> QuerySet:
    """The persons (dossiers) ``user`` may see, or do ``action`` for."""
    return reach(user, Person, action, on=on)


def budgets_for(user: Any, *, action: Action = Action.VIEW, on: date | None = None) -> QuerySet:
    return reach(user, Budget, action, on=on)


def contracts_for(user: Any, *, action: Action = Action.VIEW, on: date | None = None) -> QuerySet:
    return reach(user, Contract, action, on=on)


def cost_statements_for(
    user: Any, *, action: Action = Action.VIEW, on: date | None = None
) -> QuerySet:
    return reach(user, CostStatement, action, on=on)


def cost_lines_for(user: Any, *, action: Action = Action.VIEW, on: date | None = None) -> QuerySet:
    return reach(user, CostLine, action, on=on)


def ledger_entries_for(
    user: Any, *, action: Action = Action.VIEW, on: date | None = None
) -> QuerySet:
    return reach(user, Entry, action, on=on)


def budget_year_balances_for(user: Any, *, on: date | None = None) -> QuerySet:
    """The budget line per budget year (running balances) ``user`` may see."""
    return reach(user, BudgetYearBalance, Action.VIEW, on=on)


def mandates_for(user: Any, *, action: Action = Action.VIEW, on: date | None = None) -> QuerySet:
    return reach(user, Mandate, action, on=on)


def mandate_acts_for(user: Any, *, on: date | None = None) -> QuerySet:
    """The acts under mandates ``user`` may see (the holder sees who acted for them)."""
    return reach(user, MandateAct, Action.VIEW, on=on)


# The agency's permission over every cost file, per action: seeing it, booking it.
COST_IMPORT_PERMISSIONS = {
    Action.VIEW: "costs.view_costimport",
    Action.FILE_COSTS: "costs.book_costimport",
}


def cost_imports_for(user: Any, *, action: Action = Action.VIEW) -> QuerySet:
    """The cost files ``user`` may see (``VIEW``) or book (``FILE_COSTS``): those they uploaded
    (a file carries no dossier of its own; each of its statements is reached through
    ``cost_statements_for``, and booking checks each budget again), or every file with the
    agency's permission for the action (``costs.view_costimport``, ``costs.book_costimport``:
    an inspector sees every file and books none)."""
    queryset = CostImport.objects.all()
    permission = COST_IMPORT_PERMISSIONS.get(action)
    if not _signed_in(user) or permission is None:
        return queryset.none()
    if user.is_superuser or user.has_perm(permission):
        return queryset
    return queryset.filter(uploaded_by=user)


def require_cost_import(user: Any, action: Action, cost_import: CostImport) -> CostImport:
    """``cost_import`` if ``user`` may do ``action`` on it: outside their sight ``Http404``,
    seen but not theirs to do ``PermissionDenied`` (as ``require``)."""
    if not cost_imports_for(user).filter(pk=cost_import.pk).exists():
        raise Http404
    if action != Action.VIEW and not (
        cost_imports_for(user, action=action).filter(pk=cost_import.pk).exists()
    ):
        raise PermissionDenied
    return cost_import


def can(user: Any, action: Action, obj: Model, *, on: date | None = None) -> bool:
    """May ``user`` do ``action`` on ``obj``? One query (none for an unsaved object)."""
    if obj is None or obj.pk is None or type(obj)._meta.concrete_model not in KINDS:
        return False
    return reach(user, type(obj), action, on=on).filter(pk=obj.pk).exists()


def get_or_404(queryset_fn: Callable[..., QuerySet], user: Any, pk: Any, **kwargs: Any) -> Model:
    """The object ``pk`` among those ``queryset_fn(user, **kwargs)`` returns, else ``Http404``.

    A malformed, unknown or unreachable id all answer the same 404."""
    try:
        return queryset_fn(user, **kwargs).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError, ValidationError, OverflowError):
        raise Http404 from None


def require(user: Any, action: Action, obj: Model, *, on: date | None = None) -> Model:
    """``obj`` if ``user`` may do ``action`` on it.

    Outside the user's sight: ``Http404`` (nothing is revealed). Seen but not allowed:
    ``PermissionDenied`` (the user knows the object already)."""
    if not can(user, Action.VIEW, obj, on=on):
        raise Http404
    if action != Action.VIEW and not can(user, action, obj, on=on):
        raise PermissionDenied
    return obj


# --- Money out (issues 9 and 10): payments, deductions, free-share requests, voucher invoices.
# Appended here (not in KINDS) so the existing rules stay as they are. A holder sees what was
# paid from, withheld from and asked on the budgets of their dossier (or that they manage); an
# organisation's staff those of the dossiers its mandates with the right cover; the agency with
# the model's view permission everything; a provider's staff the voucher invoices (and what was
# paid for them) of their own organisations. Each function is one lazy queryset.


def _money_out_budgets(user: Any, action: Action, on: date | None) -> QuerySet:
    """The budgets a holder or organisation staff reach for ``action`` (no agency shortcut)."""
    kind = KINDS[Budget]
    rule = RULES[Action(action)]
    conditions = [_holder_q(user, kind, manage=action != Action.VIEW)]
    if rule.right is not None:
        conditions.append(_organisation_q(user, kind, rule.right, _today(on)))
    return Budget.objects.filter(reduce(or_, conditions)).values("pk")


def _money_out(
    user: Any,
    model: type[Model],
    budget_path: str,
    *,
    action: Action = Action.VIEW,
    on: date | None = None,
    extra: Q | None = None,
) -> QuerySet:
    queryset = model._default_manager.all()
    if not _signed_in(user):
        return queryset.none()
    if user.is_superuser or (action == Action.VIEW and user.has_perm(_view_permission(model))):
        return queryset
    condition = Q(**{_lookup(budget_path): _money_out_budgets(user, action, on)})
    if extra is not None:
        condition |= extra
    return queryset.filter(condition)


def _provider_organisations(user: Any) -> QuerySet:
    return organisations_of(user).values("pk")


def payment_items_for(user: Any, *, on: date | None = None) -> QuerySet:
    """The paid commitments (``payments.PaymentItem``) ``user`` may see: those of budgets in
    sight, and, for a provider's staff, those paying their organisations' voucher lines."""
    from budgetlijn.payments.constants import SourceKind
    from budgetlijn.payments.models import PaymentItem
    from budgetlijn.vouchers.models import VoucherInvoiceLine

    lines = VoucherInvoiceLine.objects.filter(
        invoice__provider__in=_provider_organisations(user)
    ).values("pk")
    provider = Q(source_kind=SourceKind.VOUCHER_LINE, source_id__in=lines)
    extra = provider if _signed_in(user) else None
    return _money_out(user, PaymentItem, "budget", on=on, extra=extra)


def deductions_for(user: Any, *, on: date | None = None) -> QuerySet:
    """The deductions (*inhoudingen*) on budgets ``user`` sees."""
    from budgetlijn.payments.models import Deduction

    return _money_out(user, Deduction, "budget", on=on)


def deduction_uses_for(user: Any, *, on: date | None = None) -> QuerySet:
    """What runs withheld (and gave back) of the deductions on budgets ``user`` sees."""
    from budgetlijn.payments.models import DeductionUse

    return _money_out(user, DeductionUse, "deduction__budget", on=on)


def free_share_requests_for(
    user: Any, *, action: Action = Action.VIEW, on: date | None = None
) -> QuerySet:
    """The free-share requests ``user`` may see (or, with ``ASK_FREE_SHARE``, those of the
    budgets they may ask the free share for)."""
    from budgetlijn.freeshare.models import FreeShareRequest

    return _money_out(user, FreeShareRequest, "budget", action=action, on=on)


def voucher_invoices_for(user: Any) -> QuerySet:
    """The voucher invoices ``user`` may see: their own organisations' (a provider's staff),
    or every invoice with ``vouchers.view_voucherinvoice``."""
    from budgetlijn.vouchers.models import VoucherInvoice

    queryset = VoucherInvoice.objects.all()
    if not _signed_in(user):
        return queryset.none()
    if user.is_superuser or user.has_perm("vouchers.view_voucherinvoice"):
        return queryset
    return queryset.filter(provider__in=_provider_organisations(user))


def voucher_lines_for(user: Any, *, on: date | None = None) -> QuerySet:
    """The voucher invoice lines ``user`` may see: those of budgets in sight (the holder
    reads what a provider invoiced for them) and those of their organisations' invoices."""
    from budgetlijn.vouchers.models import VoucherInvoiceLine

    extra = Q(invoice__provider__in=_provider_organisations(user)) if _signed_in(user) else None
    return _money_out(user, VoucherInvoiceLine, "budget", on=on, extra=extra)


def provider_transfers_for(user: Any) -> QuerySet:
    """The transfers to a provider's account that paid ``user``'s organisations' voucher
    lines (a provider's staff); every provider transfer with ``payments.view_transfer``."""
    from budgetlijn.payments.constants import BeneficiaryKind, SourceKind
    from budgetlijn.payments.models import PaymentItem, Transfer

    queryset = Transfer.objects.filter(beneficiary_kind=BeneficiaryKind.PROVIDER)
    if not _signed_in(user):
        return queryset.none()
    if user.is_superuser or user.has_perm("payments.view_transfer"):
        return queryset
    lines = voucher_lines_for(user).filter(invoice__provider__in=_provider_organisations(user))
    items = PaymentItem.objects.filter(
        source_kind=SourceKind.VOUCHER_LINE, source_id__in=lines.values("pk")
    )
    return queryset.filter(pk__in=items.values("transfer_id"))


def payment_runs_for(user: Any) -> QuerySet:
    """The payment runs ``user`` may see: agency work only (``payments.view_paymentrun``, a
    superuser); nobody else sees a run."""
    from budgetlijn.payments.models import PaymentRun

    queryset = PaymentRun.objects.all()
    if not _signed_in(user):
        return queryset.none()
    if user.is_superuser or user.has_perm("payments.view_paymentrun"):
        return queryset
    return queryset.none()
