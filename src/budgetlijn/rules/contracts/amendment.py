"""R19 and R9 when a registered contract changes."""

from __future__ import annotations

from dataclasses import fields

from budgetlijn.rules.codes import ContractCode
from budgetlijn.rules.contracts.facts import (
    ContractFacts,
    PartyFacts,
)
from budgetlijn.rules.dates import format_day
from budgetlijn.rules.violations import Violation, _

# Fields that describe the dossier, not the contract: they may differ between two versions.
CONTEXT_FIELDS = frozenset(
    {
        "person_name",
        "holder_ids",
        "non_managing_holder_ids",
        "parent_ids",
        "guardian_ids",
        "registered_by_id",
    }
)
# What makes it another contract: change these and it is a new registration.
IDENTITY_FIELDS = ("type_code", "budget_kind", "person_id")
PARTY_IDENTITY_FIELDS = ("kind", "national_number", "enterprise_number")
END_FIELDS = frozenset({"end_date", "indefinite_duration"})


def _compact(value: str | None) -> str:
    return "".join(ch for ch in (value or "") if ch.isalnum()).upper()


def check_amendment(
    previous: ContractFacts, new: ContractFacts, previous_parent_assistant_running: bool
) -> list[Violation]:
    """Rules particular to changing a registered contract (run ``check_registration`` on the
    new version as well).

    - R19: the type, the budget kind, the person and the other party's identity do not change:
      that is another contract, registered anew.
    - R9: a running contract with a parent as assistant, kept by the exception of seed 003
      §2.3.1, can no longer be changed: it can only end, by setting an end date or an earlier one.
    """
    out: list[Violation] = []
    for name in IDENTITY_FIELDS:
        if getattr(previous, name) != getattr(new, name):
            out.append(_new_contract(name))
    for name in PARTY_IDENTITY_FIELDS:
        before, after = getattr(previous.counterparty, name), getattr(new.counterparty, name)
        if name != "kind":
            before, after = _compact(before), _compact(after)
        if before != after:
            out.append(_new_contract(f"counterparty.{name}"))
    if not previous_parent_assistant_running:
        return out
    changed = [
        f.name
        for f in fields(ContractFacts)
        if f.name not in CONTEXT_FIELDS | END_FIELDS | {"counterparty", *IDENTITY_FIELDS}
        and getattr(previous, f.name) != getattr(new, f.name)
    ]
    changed += [
        f"counterparty.{f.name}"
        for f in fields(PartyFacts)
        if f.name not in {"person_id", *PARTY_IDENTITY_FIELDS}
        and getattr(previous.counterparty, f.name) != getattr(new.counterparty, f.name)
    ]
    for name in changed:
        out.append(
            Violation(
                "R9",
                ContractCode.PARENT_ASSISTANT_CONTRACT_FROZEN,
                _(
                    "Deze overeenkomst met een ouder als assistent loopt verder bij uitzondering en "
                    "kan niet meer gewijzigd worden. Ze kan alleen eindigen: vul een (vroegere) "
                    "einddatum in en laat de rest ongewijzigd."
                ),
                name,
            )
        )
    if not _only_ends_earlier(previous, new):
        out.append(
            Violation(
                "R9",
                ContractCode.PARENT_ASSISTANT_CONTRACT_ONLY_END_EARLIER,
                _(
                    "Deze overeenkomst met een ouder als assistent kan niet verlengd worden. U kunt "
                    "alleen een einddatum invullen, of een einddatum vóór de huidige (%(end)s)."
                ),
                "end_date",
                {"end": format_day(previous.end_date) if previous.end_date else "-"},
            )
        )
    return out


def _only_ends_earlier(previous: ContractFacts, new: ContractFacts) -> bool:
    if new.end_date is None:
        # unchanged is fine; removing an end date, or making it open-ended, extends it
        return previous.end_date is None and (
            new.indefinite_duration == previous.indefinite_duration
        )
    if new.indefinite_duration:
        return False  # reported as end_date_with_indefinite_duration by check_registration too
    return previous.end_date is None or new.end_date <= previous.end_date


def _new_contract(name: str) -> Violation:
    return Violation(
        "R19",
        ContractCode.AMENDMENT_CHANGES_CONTRACT,
        _(
            "Een wijziging kan het type, het budget, de persoon of de andere partij van een "
            "overeenkomst niet veranderen. Beëindig deze overeenkomst en registreer een nieuwe."
        ),
        name,
    )
