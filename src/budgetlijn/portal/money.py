"""Money out in the portal (issues 9 and 10): what was paid from a budget and what was withheld,
the free-share request form, and a provider's voucher invoices and what was paid to them.

Every page reads through ``access.queries`` (outside reach: 404) and acts through the services;
a page reads one query per kind of thing it shows, never one per row.
"""

import uuid
from collections import defaultdict
from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from budgetlijn.access import services as access_services
from budgetlijn.access.constants import Action
from budgetlijn.access.queries import (
    budget_year_balances_for,
    budgets_for,
    can,
    cost_lines_for,
    deduction_uses_for,
    deductions_for,
    free_share_requests_for,
    get_or_404,
    ledger_entries_for,
    payment_items_for,
    provider_transfers_for,
    require,
    voucher_invoices_for,
    voucher_lines_for,
)
from budgetlijn.assistance.constants import MandateAction
from budgetlijn.assistance.selectors import organisations_of
from budgetlijn.dossiers.constants import BudgetKind
from budgetlijn.freeshare import services as freeshare
from budgetlijn.freeshare.constants import IDEMPOTENCY_KEY_LENGTH, AskedByRole
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.payments.constants import ItemStatus, SourceKind, TransferStatus
from budgetlijn.portal.forms import GrantMandateForm
from budgetlijn.portal.views import _page, portal_page
from budgetlijn.rules.money import ZERO, format_eur
from budgetlijn.rules.violations import RuleViolations

ITEMS_PER_PAGE = 100
# The largest amount the money fields hold (freeshare.services.MAX_AMOUNT).
MAX_AMOUNT = freeshare.MAX_AMOUNT
INVOICES_PER_PAGE = 50


# --- Payments of a budget ---------------------------------------------------------------------


def _month(day: date | None) -> str:
    return f"{day:%m/%Y}" if day else ""


def _sources(user, items) -> dict[tuple[str, int], str]:
    """A Dutch description of what each item paid: one query per kind of source."""
    wanted = defaultdict(set)
    for item in items:
        wanted[item.source_kind].add(item.source_id)
    found: dict[tuple[str, int], str] = {}
    if wanted[SourceKind.COST_LINE]:
        for pk, statement, number, kind in (
            cost_lines_for(user)
            .filter(pk__in=wanted[SourceKind.COST_LINE])
            .values_list("pk", "statement_id", "line_no", "cost_kind")
        ):
            found[(SourceKind.COST_LINE, pk)] = _(
                "Kostenstaat %(statement)s, lijn %(line)s (%(kind)s)"
            ) % {"statement": statement, "line": number, "kind": kind}
    if wanted[SourceKind.FREE_SHARE]:
        for pk, year, part in (
            free_share_requests_for(user)
            .filter(pk__in=wanted[SourceKind.FREE_SHARE])
            .values_list("pk", "year", "part_number")
        ):
            found[(SourceKind.FREE_SHARE, pk)] = _(
                "Vrij besteedbaar deel %(year)s, aanvraag %(part)s"
            ) % {"year": year, "part": part}
    if wanted[SourceKind.VOUCHER_LINE]:
        for pk, number, provider, month in (
            voucher_lines_for(user)
            .filter(pk__in=wanted[SourceKind.VOUCHER_LINE])
            .values_list("pk", "line_no", "invoice__provider__name", "invoice__month")
        ):
            found[(SourceKind.VOUCHER_LINE, pk)] = _(
                "Voucherfactuur van %(provider)s voor %(month)s, lijn %(line)s"
            ) % {"provider": provider, "month": _month(month), "line": number}
    return found


def transfer_status(transfer) -> str:
    """The state of a transfer in words, with the day and (returned) the bank's reason."""
    if transfer.status == TransferStatus.PAID:
        return _("betaald op %(day)s") % {"day": f"{transfer.paid_on:%d/%m/%Y}"}
    if transfer.status == TransferStatus.RETURNED:
        return _("teruggestort door de bank op %(day)s: %(reason)s") % {
            "day": f"{transfer.returned_on:%d/%m/%Y}" if transfer.returned_on else "",
            "reason": transfer.return_reason,
        }
    if transfer.status == TransferStatus.CANCELLED:
        return _("geannuleerd")
    return _("nog te betalen (de bank voert de overschrijving nog uit)")


def _again(item) -> str:
    """For a returned or cancelled item: that it is due again, and whether it was paid since."""
    if item.status == ItemStatus.BOOKED:
        return ""
    later = getattr(item.recommitment, "payment_item", None) if item.recommitment else None
    if later is not None:
        return _("Opnieuw betaald in de betaalrun van %(day)s.") % {
            "day": f"{later.run.run_on:%d/%m/%Y}"
        }
    return _("Opnieuw verschuldigd: het agentschap betaalt het in een volgende betaalrun.")


def _payment_rows(user, items) -> list[dict]:
    described = _sources(user, items)
    return [
        {
            "item": item,
            "what": described.get((item.source_kind, item.source_id))
            or item.get_source_kind_display(),
            "status": transfer_status(item.transfer),
            "again": _again(item),
        }
        for item in items
    ]


def _withheld(user, budget) -> list[dict]:
    uses = defaultdict(list)
    for use in (
        deduction_uses_for(user)
        .filter(deduction__budget=budget)
        .select_related("run", "transfer")
        .order_by("created_at", "pk")
    ):
        uses[use.deduction_id].append(use)
    return [
        {"deduction": deduction, "uses": uses.get(deduction.pk, [])}
        for deduction in deductions_for(user).filter(budget=budget).order_by("-created_at", "-pk")
    ]


def _open_commitment_label(entry) -> str:
    line = getattr(entry, "cost_line", None)
    if line is not None:
        return _("Kostenstaat %(statement)s, lijn %(line)s (%(kind)s)") % {
            "statement": line.statement_id,
            "line": line.line_no,
            "kind": line.cost_kind,
        }
    request = getattr(entry, "free_share_request", None)
    if request is not None:
        return _("Vrij besteedbaar deel %(year)s, aanvraag %(part)s") % {
            "year": request.year,
            "part": request.part_number,
        }
    voucher = getattr(entry, "voucher_line", None)
    if voucher is not None:
        return _("Voucherfactuur van %(provider)s voor %(month)s, lijn %(line)s") % {
            "provider": voucher.invoice.provider.name,
            "month": _month(voucher.invoice.month),
            "line": voucher.line_no,
        }
    if getattr(entry, "recommitted_item", None) is not None:
        return _("Opnieuw verschuldigd: %(reason)s") % {"reason": entry.reason}
    return entry.reason


def _not_paid_yet(user, budget) -> list[dict]:
    entries = (
        ledger_entries_for(user)
        .filter(budget=budget, kind=EntryKind.COMMITMENT, reversed_by__isnull=True)
        .select_related(
            "cost_line", "free_share_request", "voucher_line__invoice__provider", "recommitted_item"
        )
        .order_by("effective_date", "pk")
    )
    return [{"entry": entry, "what": _open_commitment_label(entry)} for entry in entries]


@portal_page
def payments(request, budget_id):
    """What was paid from a budget (each paid commitment, its run day and the transfer's
    state), what was withheld and why, and what is accepted but not paid yet."""
    user = request.user
    budget = get_or_404(budgets_for, user, budget_id)
    access_services.record_mandate_act(
        user, budget.person_id, MandateAction.VIEWED, budget, _("Betalingen bekeken in het portaal")
    )
    items = (
        payment_items_for(user)
        .filter(budget=budget)
        .select_related("run", "transfer", "recommitment__payment_item__run")
        .order_by("-run__run_on", "-run_id", "pk")
    )
    page = _page(request, items, ITEMS_PER_PAGE)
    not_paid = _not_paid_yet(user, budget)
    return render(
        request,
        "portal/payments.html",
        {
            "budget": budget,
            "person": budget.person,
            "page": page,
            "rows": _payment_rows(user, list(page)),
            "withheld": _withheld(user, budget),
            "not_paid": not_paid,
            "not_paid_total": sum((row["entry"].amount for row in not_paid), ZERO),
            "may_ask": can(user, Action.ASK_FREE_SHARE, budget),
        },
    )


# --- The free-share request form --------------------------------------------------------------


def parse_amount(raw: str) -> Decimal | None:
    """An amount as people type it (125,50 or 1.250,50 or 125.50 or EUR 125); None if none."""
    text = (raw or "").replace("€", "").replace("EUR", "").replace(" ", "").replace("\xa0", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


class FreeShareForm(forms.Form):
    year = forms.TypedChoiceField(
        label=gettext_lazy("Budgetjaar"),
        coerce=int,
        error_messages={
            "required": gettext_lazy("Kies het budgetjaar."),
            "invalid_choice": gettext_lazy("Kies een budgetjaar uit de lijst."),
        },
    )
    amount = forms.CharField(
        label=gettext_lazy("Bedrag in euro"),
        max_length=30,
        help_text=gettext_lazy("Bijvoorbeeld 250,00."),
        error_messages={"required": gettext_lazy("Vul het bedrag in dat u vraagt.")},
    )
    idempotency_key = forms.CharField(
        label=gettext_lazy("Formulier"),
        widget=forms.HiddenInput,
        max_length=IDEMPOTENCY_KEY_LENGTH,
        error_messages={
            "required": gettext_lazy("Laad de pagina opnieuw en probeer nog eens."),
            "max_length": gettext_lazy("Laad de pagina opnieuw en probeer nog eens."),
        },
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", f"portal:{uuid.uuid4()}")

    def clean_amount(self):
        value = parse_amount(self.cleaned_data["amount"])
        if value is None:
            raise forms.ValidationError(
                _("Dit is geen geldig bedrag. Geef een bedrag in euro in, zoals 125,50.")
            )
        if value <= 0:
            raise forms.ValidationError(_("Vraag een bedrag groter dan nul."))
        if value >= MAX_AMOUNT:
            raise forms.ValidationError(
                _("Dit bedrag is te groot. Geef een bedrag in euro in, zoals 125,50.")
            )
        if value != value.quantize(Decimal("0.01")):
            raise forms.ValidationError(_("Een bedrag heeft hoogstens twee cijfers na de komma."))
        return value

    def clean_idempotency_key(self):
        key = self.cleaned_data["idempotency_key"].strip()
        if not key:
            raise forms.ValidationError(_("Laad de pagina opnieuw en probeer nog eens."))
        return key

    add_service_error = GrantMandateForm.add_service_error
    error_summary = GrantMandateForm.error_summary


def _today() -> date:
    """The day a request is asked on (a function, so tests can set the day)."""
    return timezone.localdate()


def _free_share_years(user, budget) -> list[int]:
    """The opened budget years of the budget (those with a budget line), newest first; this
    year when none is opened yet (the service then says why it refuses)."""
    years = sorted(
        set(budget_year_balances_for(user).filter(budget=budget).values_list("year", flat=True)),
        reverse=True,
    )
    return years or [_today().year]


def _role_and_mandate(user, budget):
    """Who asks: the holder who manages the budget, else an organisation under its mandate
    with the right, else (a superuser) the agency."""
    manages = (
        budgets_for(user, action=Action.ASK_FREE_SHARE)
        .filter(
            pk=budget.pk,
            holders__manages=True,
            holders__person__holder_account__user=user,
        )
        .exists()
    )
    if manages:
        return AskedByRole.HOLDER, None
    mandate = access_services.mandate_for(user, budget.person_id, MandateAction.FREE_SHARE_ASKED)
    if mandate is not None:
        return AskedByRole.ASSISTANCE_ORGANISATION, mandate
    return AskedByRole.AGENCY, None


def _room(budget, year: int) -> dict:
    limit = freeshare.free_share_limit(budget, year)
    granted = freeshare.granted(budget, year)
    return {"limit": limit, "granted": granted, "left": max(limit - granted, ZERO)}


def _submit_free_share(
    request, budget, form, *, service, day, replayed, act, done, show_decision=False
):
    """Send a valid free-share form (a request or a correction) to ``service`` as the signed-in
    user, on today's date (``day`` names the service's date argument), in the role the user
    has for the budget. The service's refusals go to the form and None is returned (the page is
    shown again); otherwise the mandate act is recorded (once: not for a form sent again,
    ``replayed(key)``), ``done`` is shown and the redirect to the free-share page is returned.
    ``act`` and ``done`` are Dutch texts with the year and the amount."""
    user = request.user
    data = form.cleaned_data
    key = data["idempotency_key"]
    replay = replayed(key)
    role, mandate = _role_and_mandate(user, budget)
    try:
        result = service(
            budget=budget,
            year=data["year"],
            amount=data["amount"],
            by=user,
            role=role,
            idempotency_key=key,
            mandate=mandate,
            **{day: _today()},
        )
    except RuleViolations as refused:
        for violation in refused.violations:
            field = violation.field if violation.field in ("year", "amount") else None
            form.add_error(field, violation.text())
        return None
    texts = {"year": result.year, "amount": format_eur(result.amount)}
    if not replay:
        access_services.record_mandate_act(
            user, budget.person_id, MandateAction.FREE_SHARE_ASKED, result, act % texts
        )
    messages.success(request, done % texts)
    response = redirect("portal:free_share", budget_id=budget.pk)
    response["Location"] += f"?jaar={result.year}"
    if show_decision:
        response["Location"] += f"&aanvraag={result.pk}"
    return response


@portal_page
@require_http_methods(["GET", "POST"])
def free_share(request, budget_id):
    """Ask the free share (R14 PVB, R15 PAB) for a budget; shows the decision with its reason
    and the room left. A double submit returns the first decision (the hidden key)."""
    user = request.user
    budget = get_or_404(budgets_for, user, budget_id)
    require(user, Action.ASK_FREE_SHARE, budget)
    years = _free_share_years(user, budget)
    form = FreeShareForm(request.POST if request.method == "POST" else None, years=years)
    if request.method == "POST" and form.is_valid():
        response = _submit_free_share(
            request,
            budget,
            form,
            service=freeshare.ask_free_share,
            day="asked_on",
            replayed=lambda key: free_share_requests_for(user).filter(idempotency_key=key).exists(),
            act=_("Vrij besteedbaar deel %(year)s aangevraagd: %(amount)s"),
            done=_("Uw aanvraag is ontvangen en beslist."),
            show_decision=True,
        )
        if response is not None:
            return response
    year = _chosen_year(request, years, form)
    decision = None
    if request.GET.get("aanvraag"):
        decision = get_or_404(free_share_requests_for, user, request.GET["aanvraag"])
        if decision.budget_id != budget.pk:
            raise Http404
        year = decision.year
    earlier = (
        free_share_requests_for(user)
        .filter(budget=budget, year=year)
        .select_related("asked_by")
        .order_by("-part_number")
    )
    return render(
        request,
        "portal/free_share.html",
        {
            "budget": budget,
            "person": budget.person,
            "form": form,
            "year": year,
            "room": _room(budget, year),
            "decision": decision,
            "earlier": list(earlier),
        },
        status=400 if form.is_bound else 200,
    )


class FreeShareCorrectionForm(FreeShareForm):
    """R15: the part of a year's free share the holder paid back to the budget account."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].label = gettext_lazy("Teruggestort bedrag in euro")
        self.fields["amount"].error_messages["required"] = gettext_lazy(
            "Vul het bedrag in dat u terugstortte."
        )

    def clean_amount(self):
        try:
            return super().clean_amount()
        except forms.ValidationError as error:
            if error.messages == [_("Vraag een bedrag groter dan nul.")]:
                raise forms.ValidationError(_("Geef een bedrag groter dan nul.")) from None
            raise


@portal_page
@require_http_methods(["GET", "POST"])
def free_share_correction(request, budget_id):
    """R15: record that the holder paid free share back to the PAB budget account (only with a
    refundable advance); the budget line gets that room back. A double submit books once."""
    user = request.user
    budget = get_or_404(budgets_for, user, budget_id)
    require(user, Action.ASK_FREE_SHARE, budget)
    if budget.kind != BudgetKind.PAB:
        raise Http404
    years = _free_share_years(user, budget)
    form = FreeShareCorrectionForm(request.POST if request.method == "POST" else None, years=years)
    if request.method == "POST" and form.is_valid():
        response = _submit_free_share(
            request,
            budget,
            form,
            service=freeshare.correct_free_share,
            day="corrected_on",
            replayed=freeshare.correction_recorded,
            act=_("Vrij besteedbaar deel %(year)s teruggestort: %(amount)s"),
            done=_(
                "De terugstorting van %(amount)s is geboekt: dat bedrag is weer budget voor "
                "zorg en ondersteuning."
            ),
        )
        if response is not None:
            return response
    year = _chosen_year(request, years, form)
    return render(
        request,
        "portal/free_share_correction.html",
        {
            "budget": budget,
            "person": budget.person,
            "form": form,
            "year": year,
            "paid": freeshare.paid_free_share(budget, year),
        },
        status=400 if form.is_bound else 200,
    )


def _chosen_year(request, years: list[int], form) -> int:
    if form.is_bound and form.is_valid():
        return form.cleaned_data["year"]
    try:
        year = int(request.POST.get("year") or request.GET.get("jaar") or years[0])
    except ValueError:
        year = years[0]
    return year if year in years else years[0]


# --- A provider's voucher invoices --------------------------------------------------------------


def _provider_only(user) -> None:
    if not organisations_of(user).exists() and not voucher_invoices_for(user).exists():
        raise Http404


@portal_page
def provider_invoices(request):
    """Staff of a provider or an assistance organisation (both may invoice vouchers, R11): their
    organisations' voucher invoices and the transfers that paid them (an organisation that
    invoiced none sees an empty list). Anyone in no organisation, with no invoice: 404."""
    user = request.user
    _provider_only(user)
    invoices = voucher_invoices_for(user).select_related("provider").order_by("-filed_on", "-pk")
    page = _page(request, invoices, INVOICES_PER_PAGE)
    transfers = [
        {"transfer": transfer, "status": transfer_status(transfer)}
        for transfer in provider_transfers_for(user)
        .select_related("run")
        .order_by("-run__run_on", "-pk")[:INVOICES_PER_PAGE]
    ]
    return render(request, "portal/provider_invoices.html", {"page": page, "transfers": transfers})


@portal_page
def provider_invoice(request, invoice_id):
    """One voucher invoice with each line's outcome and reasons, and what was paid for it."""
    user = request.user
    invoice = get_or_404(voucher_invoices_for, user, invoice_id)
    lines = list(
        voucher_lines_for(user)
        .filter(invoice=invoice)
        .select_related("budget__person")
        .order_by("line_no")
    )
    paid = defaultdict(list)
    for item in (
        payment_items_for(user)
        .filter(source_kind=SourceKind.VOUCHER_LINE, source_id__in=[line.pk for line in lines])
        .select_related("run", "transfer")
        .order_by("run__run_on", "pk")
    ):
        paid[item.source_id].append({"item": item, "status": transfer_status(item.transfer)})
    rows = [{"line": line, "paid": paid.get(line.pk, [])} for line in lines]
    return render(request, "portal/provider_invoice.html", {"invoice": invoice, "rows": rows})
