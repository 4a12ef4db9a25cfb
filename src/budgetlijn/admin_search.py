"""Admin search by national register number, shared by every app's admin (dossiers, contracts,
ledger, costs). A number typed with or without punctuation ("85.07.30-033.28") is compacted and
matched as a prefix; anything else is the admin's usual search. It lives on the ground floor
so the ledger's admin needs nothing from the dossiers.

A national register number never travels in a URL (issue 10, security basics): the search box
of these admins posts its term (``admin/search_form.html``); a term that looks like a national
number is kept in the session under a random token and the list is shown at ``?q=rrn:<token>``,
so the address, the access log, the browser history and the list's own links (pages, sorting,
filters) carry the token, never the number. A number typed into the address itself is not
searched: the list answers with a redirect without it and says to use the search box.
"""

import secrets

from django.contrib import messages
from django.contrib.admin.views.main import SEARCH_VAR
from django.http import HttpResponseRedirect, QueryDict
from django.utils.translation import gettext as _

from budgetlijn.rules.identity import mask, strip_punctuation

SEARCH_FLAG = "_zoeken"
SEARCH_PREFIX = "rrn:"
SESSION_KEY = "budgetlijn.national_number_searches"
KEPT_SEARCHES = 20
NOT_IN_THE_ADDRESS = "csrfmiddlewaretoken", SEARCH_FLAG, SEARCH_VAR


def looks_like_national_number(term: str) -> bool:
    compact = strip_punctuation(term or "")
    return compact.isdigit() and len(compact) >= 6


def remember_search(request, term: str) -> str:
    """Keep ``term`` in the session; the token (``rrn:...``) stands for it in the address."""
    kept = dict(request.session.get(SESSION_KEY, {}))
    token = secrets.token_urlsafe(9)
    kept[token] = term
    request.session[SESSION_KEY] = dict(list(kept.items())[-KEPT_SEARCHES:])
    return SEARCH_PREFIX + token


def recall_search(request, search_term: str) -> str | None:
    """The term a ``rrn:`` token stands for in this session, None when unknown (another
    session's or an expired token)."""
    token = search_term[len(SEARCH_PREFIX) :]
    return request.session.get(SESSION_KEY, {}).get(token)


def masked_search(request, search_term: str) -> str:
    """What the search box says it searched for: the number masked."""
    term = recall_search(request, search_term) or ""
    compact = strip_punctuation(term)
    return mask(compact) if len(compact) == 11 else f"{compact[:6]}…"


class NationalNumberSearchMixin:
    """``national_number_lookup`` names the field to match (``budget__person__national_number``
    from an entry, for example)."""

    national_number_lookup = "national_number"
    # admin/search_form.html posts the search box of the admins that say this.
    search_by_post = True

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and SEARCH_FLAG in request.POST:
            return self._search_posted(request)
        typed = request.GET.get(SEARCH_VAR, "")
        if looks_like_national_number(typed):
            params = request.GET.copy()
            del params[SEARCH_VAR]
            messages.warning(
                request,
                _(
                    "Een rijksregisternummer hoort niet in het webadres. Zoek het met het "
                    "zoekvak boven de lijst; het nummer wordt dan niet in het adres gezet."
                ),
            )
            return HttpResponseRedirect(self._list_address(request, params))
        return super().changelist_view(request, extra_context)

    def _search_posted(self, request):
        params = QueryDict(mutable=True)
        for key, values in request.POST.lists():
            if key not in NOT_IN_THE_ADDRESS:
                params.setlist(key, values)
        term = request.POST.get(SEARCH_VAR, "").strip()
        if looks_like_national_number(term):
            params[SEARCH_VAR] = remember_search(request, term)
        elif term:
            params[SEARCH_VAR] = term
        return HttpResponseRedirect(self._list_address(request, params))

    @staticmethod
    def _list_address(request, params: QueryDict) -> str:
        return f"{request.path}?{params.urlencode()}" if params else request.path

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if changelist.query.startswith(SEARCH_PREFIX):
            changelist.national_number_search = masked_search(request, changelist.query)
        return changelist

    def get_search_results(self, request, queryset, search_term):
        if (search_term or "").startswith(SEARCH_PREFIX):
            term = recall_search(request, search_term)
            if term is None:
                messages.warning(
                    request,
                    _(
                        "Deze zoekopdracht op rijksregisternummer is niet meer beschikbaar. "
                        "Zoek opnieuw met het zoekvak."
                    ),
                )
                return queryset.none(), False
            search_term = term
        compact = strip_punctuation(search_term or "")
        if compact.isdigit() and len(compact) >= 6:
            return queryset.filter(**{f"{self.national_number_lookup}__startswith": compact}), False
        return super().get_search_results(request, queryset, search_term)
