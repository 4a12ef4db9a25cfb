"""Reactions to contract events: costs that waited for a contract's approval are decided
when the agency approves or refuses it (R19)."""

from django.dispatch import receiver

from budgetlijn.contracts.signals import contract_decided


@receiver(contract_decided)
def decide_waiting_costs(sender, *, contract, by=None, **kwargs):
    from budgetlijn.costs.services import decide_waiting_on_contracts

    decide_waiting_on_contracts([contract.pk], by=by)
