"""Signals other apps listen to, so dossiers need not know them."""

from django.dispatch import Signal

# Sent inside the transaction after a budget year's allocation is booked (or found booked).
# Arguments: budget, year, by.
budget_year_opened = Signal()
