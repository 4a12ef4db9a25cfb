"""The holder's pages (and organisation staff's list of their holders).

Every page reads through ``access.queries`` and acts through ``access.services``; an id outside
the user's reach answers 404 (``get_or_404``), an action the user sees but may not do 403
(``require``). Pages are private to the user: ``Cache-Control: private, no-store``.
"""

from collections import defaultdict
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from budgetlijn.access import services as access_services
from budgetlijn.access.constants import Action
from budgetlijn.access.personal_data import export_personal_data, may_export
from budgetlijn.access.queries import (
    budget_year_balances_for,
    budgets_for,
    can,
    cost_lines_for,
    get_or_404,
    mandate_acts_for,
    mandates_for,
    persons_for,
    require,
)
from budgetlijn.assistance.constants import RIGHT_LABELS, MandateAction, MandateRight
from budgetlijn.assistance.selectors import active_mandates, organisations_of
from budgetlijn.costs.selectors import budget_line_overview
from budgetlijn.portal.forms import GrantMandateForm

PAGE_SIZE = 50
LINES_PER_PAGE = 100


def portal_page(view):
    """Signed in (else to the login page), and never kept by a shared cache."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapped


def _page(request, queryset, size):
    return Paginator(queryset, size).get_page(request.GET.get("pagina"))


def mandate_status(mandate, today) -> tuple[str, str]:
    """(key, Dutch label) of a mandate's state on ``today``."""
    if mandate.revoked_at is not None:
        return "revoked", _("ingetrokken")
    if mandate.starts_on > today:
        return "future", _("begint later")
    if mandate.ends_on < today:
        return "ended", _("afgelopen")
    return "active", _("actief")


def rights_labels(mandate) -> list[str]:
    return [str(RIGHT_LABELS[right]) for right in MandateRight if mandate.has_right(right)]


@portal_page
def my_dossiers(request):
    persons = persons_for(request.user).order_by("last_name", "first_name", "pk")
    return render(
        request,
        "portal/my_dossiers.html",
        {
            "page": _page(request, persons, PAGE_SIZE),
            "is_organisation_staff": organisations_of(request.user).exists(),
        },
    )


@portal_page
def dossier(request, person_id):
    person = get_or_404(persons_for, request.user, person_id)
    budgets = budgets_for(request.user).filter(person=person).order_by("-allocated_on", "-pk")
    # Organisation staff look under a mandate: the holder sees that they did (R36).
    access_services.record_mandate_act(
        request.user, person.pk, MandateAction.VIEWED, person, _("Dossier bekeken in het portaal")
    )
    return render(
        request,
        "portal/dossier.html",
        {"person": person, "budgets": budgets, "may_export": may_export(request.user, person)},
    )


@portal_page
@require_http_methods(["GET", "POST"])
def personal_data(request, person_id):
    """GDPR access: the person (or who manages their budget) downloads everything Budgetlijn
    holds about them. GET explains; POST downloads (a POST: the export is recorded in the audit
    trail and shows the full national register number, so no link or prefetch may start it).
    Outside reach 404; reached but not the person's own (an organisation): 403."""
    person = get_or_404(persons_for, request.user, person_id)
    if not may_export(request.user, person):
        raise PermissionDenied
    if request.method == "GET":
        return render(request, "portal/personal_data.html", {"person": person})
    data = export_personal_data(person, by=request.user)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="budgetlijn-gegevens-{person.pk}-{day}.json"'
    )
    return response


def _year(request, years: list[int]) -> int | None:
    asked = request.GET.get("jaar")
    if asked is None:
        today = timezone.localdate().year
        return today if today in years else (years[-1] if years else None)
    try:
        year = int(asked)
    except ValueError:
        raise Http404 from None
    if year not in years:
        raise Http404
    return year


@portal_page
def budget(request, budget_id):
    budget = get_or_404(budgets_for, request.user, budget_id)
    years = sorted(
        set(
            budget_year_balances_for(request.user)
            .filter(budget=budget)
            .values_list("year", flat=True)
        )
    )
    year = _year(request, years)
    access_services.record_mandate_act(
        request.user,
        budget.person_id,
        MandateAction.VIEWED,
        budget,
        _("Budget en budgetlijn bekeken in het portaal"),
    )
    context = {"budget": budget, "person": budget.person, "years": years, "year": year}
    if year is not None:
        lines = (
            cost_lines_for(request.user)
            .filter(budget=budget, year=year)
            .select_related("statement")
            .order_by("period_from", "statement_id", "line_no")
        )
        context.update(
            overview=budget_line_overview(budget, year),
            page=_page(request, lines, LINES_PER_PAGE),
        )
    return render(request, "portal/budget.html", context)


@portal_page
def mandates(request, person_id):
    user = request.user
    person = get_or_404(persons_for, user, person_id)
    today = timezone.localdate()
    acts = defaultdict(list)
    for act in mandate_acts_for(user).filter(person=person).select_related("user", "organisation"):
        acts[act.mandate_id].append(act)
    revocable = set(
        mandates_for(user, action=Action.REVOKE_MANDATE)
        .filter(person=person, revoked_at__isnull=True, ends_on__gte=today)
        .values_list("pk", flat=True)
    )
    rows = [
        {
            "mandate": mandate,
            "status": mandate_status(mandate, today),
            "rights": rights_labels(mandate),
            "acts": acts.get(mandate.pk, []),
            "revocable": mandate.pk in revocable,
        }
        for mandate in mandates_for(user)
        .filter(person=person)
        .select_related("organisation", "granted_by", "revoked_by")
        .order_by("-starts_on", "-pk")
    ]
    return render(
        request,
        "portal/mandates.html",
        {
            "person": person,
            "rows": rows,
            "may_grant": can(user, Action.GRANT_MANDATE, person),
        },
    )


@portal_page
@require_http_methods(["GET", "POST"])
def grant(request, person_id):
    user = request.user
    person = get_or_404(persons_for, user, person_id)
    require(user, Action.GRANT_MANDATE, person)
    form = GrantMandateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            mandate = access_services.grant_mandate(
                user,
                person=person,
                organisation=data["organisation"],
                rights=set(data["rights"]),
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("%(organisation)s heeft nu een volmacht van %(start)s tot en met %(end)s.")
                % {
                    "organisation": mandate.organisation.name,
                    "start": f"{mandate.starts_on:%d/%m/%Y}",
                    "end": f"{mandate.ends_on:%d/%m/%Y}",
                },
            )
            return redirect("portal:mandates", person_id=person.pk)
    status = 400 if form.is_bound else 200
    return render(request, "portal/grant.html", {"person": person, "form": form}, status=status)


@portal_page
@require_http_methods(["GET", "POST"])
def revoke(request, mandate_id):
    user = request.user
    mandate = get_or_404(mandates_for, user, mandate_id)
    require(user, Action.REVOKE_MANDATE, mandate)
    if request.method == "POST" and mandate.revoked_at is None:
        access_services.revoke_mandate(user, mandate)
        messages.success(
            request,
            _("De volmacht van %(organisation)s is ingetrokken. Ze geldt vanaf nu niet meer.")
            % {"organisation": mandate.organisation.name},
        )
        return redirect("portal:mandates", person_id=mandate.person_id)
    if request.method == "POST":
        return redirect("portal:mandates", person_id=mandate.person_id)
    return render(
        request,
        "portal/revoke.html",
        {
            "mandate": mandate,
            "person": mandate.person,
            "rights": rights_labels(mandate),
            "status": mandate_status(mandate, timezone.localdate()),
        },
    )


@portal_page
def my_holders(request):
    """Organisation staff: the holders for whom one of their organisations has a mandate in
    force today. Anyone else: 404 (the page is not theirs)."""
    user = request.user
    organisations = organisations_of(user)
    if not organisations.exists():
        raise Http404
    today = timezone.localdate()
    current = (
        active_mandates(on=today, organisation_ids=organisations.values("pk"))
        .filter(pk__in=mandates_for(user).values("pk"))
        .select_related("person", "organisation")
        .order_by("person__last_name", "person__first_name", "organisation__name", "pk")
    )
    page = _page(request, current, PAGE_SIZE)
    rows = [{"mandate": m, "rights": rights_labels(m)} for m in page]
    return render(request, "portal/my_holders.html", {"page": page, "rows": rows})


def landing(request):
    """``/``: where each user starts. Signed out: the sign-in page. Agency staff and
    inspectors: the administration; holders: their dossiers; organisation and provider staff:
    their holders; analysts: the statistics. A user with none of these roles gets a page that
    says so (not an error page behind a link they cannot follow)."""
    from django.contrib.auth.views import redirect_to_login

    from budgetlijn.access.roles import Role, roles_of

    user = request.user
    if not user.is_authenticated:
        return redirect_to_login("/")
    roles = roles_of(user)
    if user.is_staff and (user.is_superuser or roles & {Role.AGENCY, Role.INSPECTOR}):
        target = "admin:index"
    elif Role.HOLDER in roles:
        target = "portal:home"
    elif roles & {Role.ORGANISATION_STAFF, Role.PROVIDER_STAFF}:
        target = "portal:holders"
    elif Role.ANALYST in roles:
        target = "reporting:statistics"
    else:
        response = render(request, "portal/no_access.html", status=200)
        patch_cache_control(response, private=True, no_store=True)
        return response
    return redirect(target)
