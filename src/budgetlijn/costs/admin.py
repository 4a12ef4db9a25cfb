"""Costs in the admin: statements and lines with their decisions (read-only), the agency's queue
of waiting lines with its review actions, cost files (upload, check, book) with the Excel
template, and a statement filed by hand. Every way in goes through the one filing path
(``services``, ``imports``); the admin only collects what a person typed and shows the answer.

Lists of lines and statements grow with every filing: they show no full count and filter only on
fixed choices (no distinct-value filters, no date hierarchy over the whole table)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from budgetlijn.admin_actions import SelectedIdsMixin
from budgetlijn.admin_search import NationalNumberSearchMixin
from budgetlijn.costs import imports, queue, services
from budgetlijn.costs.constants import ImportStatus, Outcome, Source, WaitReason
from budgetlijn.costs.forms import LineFormSet, ReviewForm, StatementForm, TemplateForm, UploadForm
from budgetlijn.costs.models import CostImport, CostLine, CostStatement, LateCostLine
from budgetlijn.dossiers.models import Budget
from budgetlijn.rules.money import format_eur
from budgetlijn.rules.violations import RuleViolations

SEARCH_FIELDS = ["budget__person__last_name", "budget__person__national_number"]


def reasons_html(violations) -> str:
    """A line's reasons as the holder reads them: rule id and the Dutch message."""
    if not violations:
        return "–"
    return format_html(
        "<ul>{}</ul>",
        format_html_join(
            "",
            "<li>{} – {}</li>",
            ((v.get("rule", ""), v.get("message", "")) for v in violations),
        ),
    )


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # decisions and what they were made on are kept


class LineFiguresMixin:
    """How a line is shown wherever it appears."""

    @admin.display(description=_("kostensoort"))
    def kind_label(self, obj: CostLine) -> str:
        return queue.cost_kind_label(obj.cost_kind)

    @admin.display(description=_("periode"))
    def period(self, obj: CostLine) -> str:
        return f"{obj.period_from:%d/%m/%Y}–{obj.period_to:%d/%m/%Y}"

    @admin.display(description=_("bedrag"), ordering="amount")
    def amount_eur(self, obj: CostLine) -> str:
        return format_eur(obj.amount)

    @admin.display(description=_("aanvaard"))
    def accepted_eur(self, obj: CostLine) -> str:
        return format_eur(obj.accepted_amount)

    @admin.display(description=_("eigen kosten"))
    def own_eur(self, obj: CostLine) -> str:
        return format_eur(obj.own_amount)

    @admin.display(description=_("VIA4"))
    def via_eur(self, obj: CostLine) -> str:
        return format_eur(obj.via_used)

    @admin.display(description=_("creditnota"))
    def credit_eur(self, obj: CostLine) -> str:
        return format_eur(obj.credit_used)

    @admin.display(description=_("redenen"))
    def reasons(self, obj: CostLine) -> str:
        return reasons_html(obj.violations)

    @admin.display(description=_("reden laattijdig"))
    def late_reason_label(self, obj: CostLine) -> str:
        return queue.late_reason_label(obj.late_reason) or "–"


# --- statements ---------------------------------------------------------------------------------


class CostLineInline(LineFiguresMixin, admin.TabularInline):
    model = CostLine
    fk_name = "statement"
    extra = 0
    can_delete = False
    fields = [
        "line_no",
        "contract",
        "kind_label",
        "booking_type",
        "period",
        "amount_eur",
        "outcome",
        "accepted_eur",
        "own_eur",
        "via_eur",
        "credit_eur",
        "reasons",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("contract").order_by("line_no")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CostStatement)
class CostStatementAdmin(SelectedIdsMixin, NationalNumberSearchMixin, admin.ModelAdmin):
    national_number_lookup = "budget__person__national_number"
    list_display = ["__str__", "budget", "year", "filed_on", "filed_by_role", "source"]
    list_filter = ["source", "filed_by_role"]
    list_select_related = ["budget__person"]
    search_fields = SEARCH_FIELDS
    show_full_result_count = False
    fields = [
        "budget",
        "year",
        "filed_on",
        "filed_at",
        "filed_by",
        "filed_by_role",
        "organisation",
        "source",
        "cost_import",
        "idempotency_key",
        "totals",
    ]
    readonly_fields = fields
    inlines = [CostLineInline]

    def has_add_permission(self, request):
        return request.user.has_perm("costs.add_coststatement")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("totaal"))
    def totals(self, obj: CostStatement) -> str:
        lines = list(obj.lines.all())
        rows = [
            (gettext("ingediend"), format_eur(sum((ln.amount for ln in lines), start=0))),
            (gettext("aanvaard"), format_eur(sum((ln.accepted_amount for ln in lines), start=0))),
            (gettext("eigen kosten"), format_eur(sum((ln.own_amount for ln in lines), start=0))),
            (gettext("VIA4 gebruikt"), format_eur(sum((ln.via_used for ln in lines), start=0))),
        ]
        return format_html(
            "<table>{}</table>",
            format_html_join("", '<tr><th scope="row">{}</th><td class="num">{}</td></tr>', rows),
        )

    def add_view(self, request, form_url="", extra_context=None):
        """A statement filed by hand by agency staff (a paper statement): the same path as
        every other way in; each error is shown at its field."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        page_errors: list[str] = []
        if request.method == "POST":
            form = StatementForm(request.POST)
            formset = LineFormSet(request.POST, prefix="lines")
            if form.is_valid() and formset.is_valid():
                filled = formset.filled_forms()
                raw = {
                    "budget_id": form.cleaned_data["budget_id"],
                    "year": form.cleaned_data["year"],
                    "lines": [line.line() for line in filled],
                }
                result = services.file_statement(
                    raw,
                    by=request.user,
                    role=form.cleaned_data["filed_by_role"],
                    organisation=form.cleaned_data["organisation"],
                    source=Source.MANUAL,
                    filed_on=form.cleaned_data["filed_on"],
                )
                if result.status == services.Status.INVALID:
                    page_errors = _place_errors(result.errors, form, filled)
                else:
                    return self._filed(request, result)
        else:
            form = StatementForm()
            formset = LineFormSet(prefix="lines")
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Kostenstaat indienen"),
            "opts": self.model._meta,
            "form": form,
            "formset": formset,
            "page_errors": page_errors,
        }
        return TemplateResponse(request, "admin/costs/coststatement/file.html", context)

    def _filed(self, request, result):
        statement = result.statement
        if result.status == services.Status.EXISTS:
            self.message_user(
                request,
                gettext(
                    "Deze kostenstaat werd al ingediend (%(statement)s). Er werd niets opnieuw "
                    "geboekt."
                )
                % {"statement": statement},
                messages.WARNING,
            )
        else:
            lines = list(statement.lines.all())
            self.message_user(
                request,
                gettext(
                    "%(statement)s ingediend: %(summary)s; %(accepted)s aanvaard, %(own)s eigen "
                    "kosten."
                )
                % {
                    "statement": statement,
                    "summary": outcome_summary(lines),
                    "accepted": format_eur(sum((ln.accepted_amount for ln in lines), start=0)),
                    "own": format_eur(sum((ln.own_amount for ln in lines), start=0)),
                },
                messages.SUCCESS,
            )
        return redirect("admin:costs_coststatement_change", statement.pk)


def outcome_summary(lines) -> str:
    counts = {outcome: 0 for outcome in Outcome.values}
    for line in lines:
        counts[line.outcome] += 1
    return ", ".join(
        f"{count} {Outcome(outcome).label}" for outcome, count in counts.items() if count
    )


def _place_errors(errors, form, filled) -> list[str]:
    """Each error of the filing path at the field it names: line 0 is the statement's form,
    line N the N-th filled line. What names no field of the page comes back for its top."""
    rest = []
    for error in errors:
        target = form if error.line == 0 else None
        if error.line and error.line <= len(filled):
            target = filled[error.line - 1]
        text = error.text()
        if target is not None and error.field in target.fields:
            target.add_error(error.field, text)
        elif target is not None and error.line:
            target.add_error(None, text)
        else:
            rest.append(text)
    return rest


# --- lines and the review queue -----------------------------------------------------------------


class ReviewActionsMixin:
    """Accept or refuse the reason of late lines (R25), with a motivation asked on an
    intermediate page; each line through ``services.review_line`` (which audits)."""

    actions = ["accept_late", "refuse_late"]

    def has_review_permission(self, request):
        return request.user.has_perm("costs.review_costline")

    @admin.action(
        description=_("Aanvaarden (laattijdige kost, met motivering)"), permissions=["review"]
    )
    def accept_late(self, request, queryset):
        return self._review(request, queryset, accept=True)

    @admin.action(
        description=_("Weigeren (laattijdige kost, met motivering)"), permissions=["review"]
    )
    def refuse_late(self, request, queryset):
        return self._review(request, queryset, accept=False)

    def _review(self, request, queryset, *, accept: bool):
        lines = list(
            queryset.select_related("statement", "budget__person").order_by(*queue.QUEUE_ORDER)
        )
        if not lines:  # ids that exist nowhere in this list (forged, or decided meanwhile)
            self.message_user(
                request,
                gettext(
                    "De gekozen kostenlijnen staan niet (meer) in deze lijst. Vernieuw de lijst "
                    "en kies opnieuw."
                ),
                messages.ERROR,
            )
            return None
        form = ReviewForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            done = 0
            for line in lines:
                if line.wait_reason == WaitReason.CONTRACT_NOT_APPROVED:
                    self.message_user(
                        request,
                        gettext(
                            "Kostenlijn %(line)s wacht op de goedkeuring van haar overeenkomst. "
                            "Beslis over de overeenkomst in de goedkeuringswachtrij; de kost "
                            "wordt dan mee beslist."
                        )
                        % {"line": line},
                        messages.ERROR,
                    )
                    continue
                try:
                    services.review_line(
                        line, accept=accept, reason=form.cleaned_data["reason"], by=request.user
                    )
                except RuleViolations as refused:
                    for violation in refused.violations:
                        self.message_user(
                            request,
                            gettext("Kostenlijn %(line)s: %(reason)s")
                            % {"line": line, "reason": violation.text()},
                            messages.ERROR,
                        )
                else:
                    done += 1
            if done:
                message = (
                    ngettext(
                        "%(count)d laattijdige kostenlijn aanvaard.",
                        "%(count)d laattijdige kostenlijnen aanvaard.",
                        done,
                    )
                    if accept
                    else ngettext(
                        "%(count)d laattijdige kostenlijn geweigerd.",
                        "%(count)d laattijdige kostenlijnen geweigerd.",
                        done,
                    )
                )
                self.message_user(request, message % {"count": done}, messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Laattijdige kosten aanvaarden")
            if accept
            else gettext("Laattijdige kosten weigeren"),
            "button": gettext("Aanvaarden") if accept else gettext("Weigeren"),
            "opts": self.model._meta,
            "lines": lines,
            "today": timezone.localdate(),
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action": "accept_late" if accept else "refuse_late",
        }
        return TemplateResponse(request, "admin/costs/review.html", context)


@admin.register(CostLine)
class CostLineAdmin(
    ReviewActionsMixin,
    LineFiguresMixin,
    SelectedIdsMixin,
    NationalNumberSearchMixin,
    ReadOnlyMixin,
    admin.ModelAdmin,
):
    national_number_lookup = "budget__person__national_number"
    list_display = [
        "__str__",
        "budget",
        "year",
        "kind_label",
        "amount_eur",
        "outcome",
        "accepted_eur",
        "own_eur",
        "wait_reason",
    ]
    list_filter = ["outcome", "wait_reason", "booking_type"]
    list_select_related = ["budget__person"]
    search_fields = SEARCH_FIELDS
    show_full_result_count = False
    ordering = ["-id"]
    fields = [
        "statement",
        "line_no",
        "budget",
        "year",
        "contract",
        "kind_label",
        "booking_type",
        "period",
        "assistant",
        "quantity",
        "amount_eur",
        "description",
        "late_reason_label",
        "via4_eligible",
        "year_end_premium",
        "outcome",
        "wait_reason",
        "allowed_amount",
        "accepted_eur",
        "own_eur",
        "credit_eur",
        "via_eur",
        "premium_added",
        "reasons",
        "commitment",
        "decided_at",
        "review_decision",
        "review_reason",
        "reviewed_at",
        "reviewed_by",
    ]
    readonly_fields = fields


@admin.register(LateCostLine)
class LateCostLineAdmin(
    ReviewActionsMixin,
    LineFiguresMixin,
    SelectedIdsMixin,
    NationalNumberSearchMixin,
    ReadOnlyMixin,
    admin.ModelAdmin,
):
    """The queue: every waiting line, oldest first, with why it waits. Late lines are decided
    here; lines waiting for their contract are decided with the contract (approval queue)."""

    national_number_lookup = "budget__person__national_number"
    list_display = [
        "age",
        "budget",
        "year",
        "amount_eur",
        "kind_label",
        "wait_reason",
        "late_reason_label",
    ]
    list_display_links = ["age"]
    list_filter = ["wait_reason"]
    search_fields = SEARCH_FIELDS
    show_full_result_count = False
    sortable_by = []  # oldest first, always
    fields = CostLineAdmin.fields
    readonly_fields = fields

    def get_queryset(self, request):
        return queue.waiting_lines(super().get_queryset(request))

    def get_ordering(self, request):
        return list(queue.QUEUE_ORDER)

    @admin.display(description=_("wacht (dagen)"))
    def age(self, obj: CostLine) -> int:
        return queue.age_days(obj, timezone.localdate())


# --- cost files and the template ----------------------------------------------------------------


def errors_table(errors, caption) -> str:
    """Every bad row of a file: row, column and reason, as an accessible table."""
    if not errors:
        return gettext("geen fouten")
    rows = (
        (e.get("row") or gettext("bestand"), e.get("column") or "–", e.get("message", ""))
        for e in errors
    )
    return format_html(
        '<table class="cost-file-errors"><caption>{}</caption><thead><tr>'
        '<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead>'
        "<tbody>{}</tbody></table>",
        caption,
        gettext("rij"),
        gettext("kolom"),
        gettext("reden"),
        format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
    )


@admin.register(CostImport)
class CostImportAdmin(SelectedIdsMixin, admin.ModelAdmin):
    list_display = [
        "filename",
        "uploaded_at",
        "uploaded_by",
        "status",
        "row_count",
        "valid_row_count",
    ]
    list_filter = ["status"]
    list_select_related = ["uploaded_by"]
    search_fields = ["filename", "sha256"]
    show_full_result_count = False
    fields = [
        "filename",
        "sha256",
        "uploaded_at",
        "uploaded_by",
        "filed_by_role",
        "organisation",
        "status",
        "row_count",
        "valid_row_count",
        "booked_at",
        "booked_by",
        "statements_link",
        "errors_list",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content")

    def has_add_permission(self, request):
        return request.user.has_perm("costs.add_costimport")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_book_permission(self, request):
        return request.user.has_perm("costs.book_costimport")

    @admin.display(description=_("fouten"))
    def errors_list(self, obj: CostImport) -> str:
        return errors_table(obj.errors, gettext("Rijen met fouten"))

    @admin.display(description=_("kostenstaten"))
    def statements_link(self, obj: CostImport) -> str:
        if obj.status != ImportStatus.BOOKED:
            return "–"
        url = reverse("admin:costs_coststatement_changelist") + f"?cost_import__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, gettext("de kostenstaten van dit bestand"))

    def get_urls(self):
        own = [
            path(
                "<str:import_id>/boeken/",
                self.admin_site.admin_view(self.book_view),
                name="costs_costimport_book",
            ),
            path(
                "sjabloon/",
                self.admin_site.admin_view(self.template_view),
                name="costs_costimport_template",
            ),
        ]
        return own + super().get_urls()

    def add_view(self, request, form_url="", extra_context=None):
        """Upload a file: it is checked as a whole (nothing booked) and every bad row shown;
        the filer then books all rows, only the good ones, or fixes the file."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        report = None
        if request.method == "POST":
            form = UploadForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                report = imports.check_file(
                    upload.read(),
                    upload.name,
                    by=request.user,
                    role=form.cleaned_data["filed_by_role"],
                    organisation=form.cleaned_data["organisation"],
                    filed_on=form.cleaned_data["filed_on"],
                    preview=form.cleaned_data["preview"],
                )
                if report.already_booked:
                    self.message_user(
                        request,
                        gettext(
                            "Dit bestand werd al geboekt op %(when)s. Er wordt niets opnieuw "
                            "geboekt."
                        )
                        % {"when": _when(report.cost_import.booked_at)},
                        messages.WARNING,
                    )
                elif report.again:
                    self.message_user(
                        request,
                        gettext(
                            "U hebt dit bestand al opgeladen op %(when)s. Het werd opnieuw "
                            "nagekeken; het is nog niet geboekt en wordt maar één keer geboekt."
                        )
                        % {"when": _when(report.cost_import.uploaded_at)},
                        messages.WARNING,
                    )
                self._warn_booked_by_others(request, report.cost_import)
        else:
            form = UploadForm()
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Kostenbestand opladen"),
            "opts": self.model._meta,
            "form": form,
            "report": report,
            "report_rows": _report_rows(report) if report and report.previewed else [],
            "errors_table": errors_table(report.errors, gettext("Rijen met fouten"))
            if report and report.errors
            else "",
            "can_book": self.has_book_permission(request),
            "template_form": TemplateForm(),
        }
        return TemplateResponse(request, "admin/costs/costimport/upload.html", context)

    def _warn_booked_by_others(self, request, cost_import: CostImport) -> None:
        """The agency sees every file: it is told when another filer booked the same bytes
        (a holder's file sent in on paper as well), so it books nothing twice by mistake. A
        filer without that view is never told of another's file."""
        if not request.user.has_perm("costs.view_costimport"):
            return
        others = (
            CostImport.objects.filter(sha256=cost_import.sha256, status=ImportStatus.BOOKED)
            .exclude(pk=cost_import.pk)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        numbers = list(others[:5])
        if numbers:
            self.message_user(
                request,
                gettext(
                    "Let op: een ander kostenbestand met precies dezelfde inhoud werd al geboekt "
                    "door een andere indiener (nummer %(numbers)s). De kostenstaten die dat "
                    "bestand al indiende, worden niet opnieuw geboekt; kijk na of de andere "
                    "kosten niet al op een andere manier ingediend zijn voor u dit bestand boekt."
                )
                % {"numbers": ", ".join(str(n) for n in numbers)},
                messages.WARNING,
            )

    def book_view(self, request, import_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_book_permission(request):
            raise PermissionDenied
        changelist = reverse("admin:costs_costimport_changelist")
        cost_import = None
        if import_id.isdigit() and len(import_id) <= 18:
            cost_import = CostImport.objects.defer("content").filter(pk=int(import_id)).first()
        if cost_import is None:
            self.message_user(
                request,
                gettext("Dit kostenbestand bestaat niet. Laad het bestand opnieuw op."),
                messages.ERROR,
            )
            return HttpResponseRedirect(changelist)
        only_valid = request.POST.get("mode") == "valid"
        if only_valid and not cost_import.valid_row_count:
            self.message_user(
                request,
                gettext("Geen enkele rij van dit bestand is goed: er is niets te boeken."),
                messages.ERROR,
            )
            return redirect("admin:costs_costimport_change", cost_import.pk)
        try:
            report = imports.book_file(cost_import, by=request.user, only_valid_rows=only_valid)
        except RuleViolations as refused:
            for violation in refused.violations:
                self.message_user(request, violation.text(), messages.ERROR)
            return redirect("admin:costs_costimport_change", cost_import.pk)
        if report.already_booked:
            self.message_user(
                request,
                gettext("Dit bestand werd al geboekt op %(when)s. Er werd niets opnieuw geboekt.")
                % {"when": _when(report.cost_import.booked_at)},
                messages.WARNING,
            )
        else:
            self.message_user(
                request,
                gettext(
                    "Bestand geboekt: %(statements)s kostenstaten (%(summary)s); %(skipped)s "
                    "rijen met fouten niet geboekt."
                )
                % {
                    "statements": report.statements,
                    "summary": _outcome_counts(report.outcomes) or "–",
                    "skipped": len({e["row"] for e in report.errors}),
                },
                messages.SUCCESS,
            )
        if report.already_filed:
            self.message_user(
                request, imports.already_filed_text(report.already_filed), messages.WARNING
            )
        return redirect("admin:costs_costimport_change", cost_import.pk)

    def template_view(self, request):
        """The Excel template for one budget year (its contracts and allowed kinds in drop-down
        lists), as a download; without a valid budget and year, the form again."""
        if not (
            self.has_add_permission(request) or request.user.has_perm("costs.add_coststatement")
        ):
            raise PermissionDenied
        form = TemplateForm(request.GET or None)
        if form.is_valid():
            budget = (
                Budget.objects.select_related("person")
                .filter(pk=form.cleaned_data["budget_id"])
                .first()
            )
            if budget is None:
                form.add_error(
                    "budget_id",
                    gettext("Dit budget bestaat niet. Kies het nummer uit de lijst van budgetten."),
                )
            else:
                year = form.cleaned_data["year"]
                response = HttpResponse(
                    queue.template_file(budget, year),
                    content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                )
                response["Content-Disposition"] = (
                    f'attachment; filename="{queue.template_filename(budget, year)}"'
                )
                response["Cache-Control"] = "private, no-store"
                return response
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Sjabloon voor een kostenstaat"),
            "opts": self.model._meta,
            "template_form": form,
        }
        return TemplateResponse(request, "admin/costs/costimport/template.html", context)


def _when(moment) -> str:
    return f"{timezone.localtime(moment):%d/%m/%Y %H:%M}" if moment else "–"


def _outcome_counts(outcomes) -> str:
    return ", ".join(
        f"{count} {Outcome(outcome).label}" for outcome, count in (outcomes or {}).items() if count
    )


def _report_rows(report) -> list[tuple[str, int | str]]:
    return [(Outcome(outcome).label, count) for outcome, count in report.outcomes.items()] + [
        (gettext("aanvaard bedrag"), format_eur(report.accepted)),
        (gettext("ten laste van de budgethouder"), format_eur(report.own)),
    ]
