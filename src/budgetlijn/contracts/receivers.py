"""Reactions to dossier events: a newly opened budget year gets its MFC reduction (R4), and
a staff change of the allocation recomputes the MFC reduction of the years it touches."""

from django.dispatch import receiver

from budgetlijn.dossiers.signals import budget_allocation_changed, budget_year_opened


@receiver(budget_year_opened)
def apply_mfc_combination(sender, *, budget, year, by=None, **kwargs):
    from budgetlijn.contracts.services import book_mfc_adjustments

    book_mfc_adjustments(budget, year, by=by)


@receiver(budget_allocation_changed)
def recompute_mfc_combination(sender, *, budget, years, by=None, **kwargs):
    from budgetlijn.contracts.services import book_mfc_adjustments

    for year in years:
        book_mfc_adjustments(budget, year, by=by)
