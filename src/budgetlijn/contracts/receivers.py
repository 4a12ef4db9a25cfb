"""Reactions to dossier events: a newly opened budget year gets its MFC reduction (R4)."""

from django.dispatch import receiver

from budgetlijn.dossiers.signals import budget_year_opened


@receiver(budget_year_opened)
def apply_mfc_combination(sender, *, budget, year, by=None, **kwargs):
    from budgetlijn.contracts.services import book_mfc_adjustments

    book_mfc_adjustments(budget, year, by=by)
