"""Admin search by national register number, shared by every app's admin (dossiers, contracts,
ledger). A number typed with or without punctuation ("85.07.30-033.28") is compacted and
matched as a prefix; anything else is the admin's usual search. It lives on the ground floor
so the ledger's admin needs nothing from the dossiers."""

from budgetlijn.rules.identity import strip_punctuation


class NationalNumberSearchMixin:
    """``national_number_lookup`` names the field to match (``budget__person__national_number``
    from an entry, for example)."""

    national_number_lookup = "national_number"

    def get_search_results(self, request, queryset, search_term):
        compact = strip_punctuation(search_term or "")
        if compact.isdigit() and len(compact) >= 6:
            return queryset.filter(**{f"{self.national_number_lookup}__startswith": compact}), False
        return super().get_search_results(request, queryset, search_term)
