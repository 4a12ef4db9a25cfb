"""Read-only queries on contracts."""

from django.db.models import F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Replace

from budgetlijn.contracts.constants import ContractStatus
from budgetlijn.contracts.models import Contract
from budgetlijn.dossiers.models import Person

# The characters people type in a national register number (rules.identity.strip_punctuation).
_NUMBER_PUNCTUATION = (" ", ".", "-", "/", "\t")


def _compact_number(field: str):
    expression = F(field)
    for char in _NUMBER_PUNCTUATION:
        expression = Replace(expression, Value(char), Value(""))
    return expression


def with_rule_facts(contracts: QuerySet[Contract]) -> QuerySet[Contract]:
    """``contracts`` with everything the contract rules read fetched up front, so checking a
    page of them costs a fixed number of queries whatever its length: the budget and person
    (joined), the holders, the person's relations and the management statements (one query
    each), and the counterparty's person found by national register number (a subquery,
    ``counterparty_person_match``, read by ``services.contract_facts``)."""
    return (
        contracts.select_related("budget", "budget__person")
        .prefetch_related(
            "budget__holders", "budget__person__relations", "budget__management_statements"
        )
        .annotate(
            counterparty_compact_number=_compact_number("counterparty_national_number"),
            counterparty_person_match=Subquery(
                Person.objects.filter(
                    national_number=OuterRef("counterparty_compact_number")
                ).values("pk")[:1]
            ),
        )
    )


def approval_queue(contracts: QuerySet[Contract] | None = None) -> QuerySet[Contract]:
    """The contracts waiting for the agency's decision, oldest first, ready to be checked
    against the rules (``services.current_violations``) without a query per contract."""
    contracts = Contract.objects.all() if contracts is None else contracts
    return with_rule_facts(
        contracts.filter(status=ContractStatus.REGISTERED).order_by(F("registered_at").asc(), "id")
    )
