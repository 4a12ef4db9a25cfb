"""Signals other apps listen to, so contracts need not know them."""

from django.dispatch import Signal

# Sent inside the transaction after the agency approved or refused a contract version (the
# budget is locked). Costs that waited for the decision are decided then (R19).
# Arguments: contract, by.
contract_decided = Signal()
