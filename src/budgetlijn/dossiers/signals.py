"""Signals other apps listen to, so dossiers need not know them."""

from django.dispatch import Signal

# Sent inside the transaction after a budget year's allocation is booked (or found booked).
# Arguments: budget, year, by.
budget_year_opened = Signal()

# Sent inside the transaction after a staff change of a budget's allocation (category, band,
# specific amount) is recorded and its adjustments are booked
# (``dossiers.services.change_budget_allocation``), so parts computed from the yearly amount
# (the MFC reduction, R4) are recomputed. Arguments: budget, years (the booked years the
# change touches, ascending), by.
budget_allocation_changed = Signal()
