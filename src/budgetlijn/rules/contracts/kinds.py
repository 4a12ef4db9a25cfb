"""R17 (and R8, R20): the type, the budget kind, the payment mode and the other party's
kind fit together."""

from __future__ import annotations

from budgetlijn.rules import contract_types as ct
from budgetlijn.rules.codes import ContractCode
from budgetlijn.rules.contracts.facts import (
    CONVENANT,
    PERSON,
    ContractFacts,
)
from budgetlijn.rules.violations import Violation, _

# --- R17: type, budget kind, payment mode, counterparty ---------------------------------------

PAYMENT_MODE_LABELS = {"CASH": "cash", "VOUCHER": "voucher"}


def check_kinds(facts: ContractFacts, t: ct.ContractType | None) -> list[Violation]:
    out: list[Violation] = []
    if t is None:
        out.append(
            Violation(
                "R17",
                ContractCode.CONTRACT_TYPE_UNKNOWN,
                _(
                    "Het overeenkomsttype %(code)s bestaat niet. Kies een type uit de lijst van "
                    "overeenkomsten voor dit budget."
                ),
                "type_code",
                {"code": facts.type_code},
            )
        )
    if facts.budget_kind not in ct.BUDGET_KINDS:
        out.append(
            Violation(
                "R17",
                ContractCode.BUDGET_KIND_UNKNOWN,
                _("Het soort budget %(kind)s is onbekend. Kies PVB, PAB of convenant."),
                "budget_kind",
                {"kind": facts.budget_kind},
            )
        )
    elif t is not None and facts.budget_kind not in t.budget_kinds:
        if facts.budget_kind == CONVENANT:
            out.append(
                Violation(
                    "R8",
                    ContractCode.CONVENANT_TYPE_NOT_ALLOWED,
                    _(
                        "Een persoonsvolgend convenant kan alleen ingezet worden bij een vergunde "
                        "zorgaanbieder of een multifunctioneel centrum, of als PAB voor een "
                        "persoonlijke assistent. Kies een van die overeenkomsttypes."
                    ),
                    "type_code",
                )
            )
        else:
            out.append(
                Violation(
                    "R17",
                    ContractCode.TYPE_NOT_FOR_BUDGET_KIND,
                    _(
                        "Het type '%(type)s' hoort niet bij een %(kind)s. Kies een "
                        "overeenkomsttype uit de lijst voor een %(kind)s."
                    ),
                    "type_code",
                    {"type": t.label, "kind": facts.budget_kind},
                )
            )
    if facts.payment_mode not in ct.PAYMENT_MODES:
        out.append(
            Violation(
                "R17",
                ContractCode.PAYMENT_MODE_UNKNOWN,
                _("Kies hoe het budget betaalt: cash of voucher."),
                "payment_mode",
            )
        )
    elif t is not None and facts.payment_mode not in t.payment_modes:
        out.append(
            Violation(
                "R17",
                ContractCode.PAYMENT_MODE_NOT_FOR_TYPE,
                _(
                    "Dit type overeenkomst wordt betaald in %(modes)s, niet in %(mode)s. Pas de "
                    "betaalwijze aan."
                ),
                "payment_mode",
                {
                    "modes": " of ".join(PAYMENT_MODE_LABELS[m] for m in sorted(t.payment_modes)),
                    "mode": PAYMENT_MODE_LABELS[facts.payment_mode],
                },
            )
        )
    out.extend(_check_counterparty_kind(facts, t))
    return out


def _check_counterparty_kind(facts: ContractFacts, t: ct.ContractType | None) -> list[Violation]:
    party = facts.counterparty
    out: list[Violation] = []
    known_providers = ct.provider_kinds()
    if party.kind not in ct.COUNTERPARTY_KINDS:
        out.append(
            Violation(
                "R17",
                ContractCode.COUNTERPARTY_KIND_UNKNOWN,
                _("Duid aan of de andere partij een persoon of een onderneming is."),
                "counterparty.kind",
            )
        )
    if party.provider_kind not in known_providers:
        out.append(
            Violation(
                "R17",
                ContractCode.PROVIDER_KIND_UNKNOWN,
                _("Het soort zorgaanbieder %(kind)s is onbekend. Kies er een uit de lijst."),
                "counterparty.provider_kind",
                {"kind": party.provider_kind},
            )
        )
    if t is None:
        return out
    wrong_kind = party.kind in ct.COUNTERPARTY_KINDS and party.kind not in t.counterparty_kinds
    wrong_provider = (
        party.provider_kind in known_providers and party.provider_kind not in t.provider_kinds
    )
    if t.volunteer and (wrong_kind or wrong_provider):
        out.append(
            Violation(
                "R20",
                ContractCode.VOLUNTEER_ONLY_THROUGH_ORGANISATION,
                _(
                    "Vrijwilligers kunnen alleen ingeschakeld worden via een overeenkomst met een "
                    "vrijwilligersorganisatie, niet rechtstreeks. Vul de gegevens van de "
                    "vrijwilligersorganisatie in als andere partij."
                ),
                "counterparty.provider_kind",
            )
        )
        return out
    if wrong_kind:
        if t.counterparty_kinds == {PERSON}:
            message = _(
                "Bij dit type overeenkomst is de andere partij een persoon, met een "
                "rijksregisternummer of BIS-nummer. Kies een ander type voor een onderneming."
            )
        else:
            message = _(
                "Bij dit type overeenkomst is de andere partij een onderneming of organisatie, met "
                "een ondernemingsnummer. Kies een ander type voor een persoon."
            )
        out.append(
            Violation(
                "R17", ContractCode.COUNTERPARTY_KIND_NOT_FOR_TYPE, message, "counterparty.kind"
            )
        )
    if wrong_provider:
        allowed = "; ".join(known_providers[k] for k in sorted(t.provider_kinds))
        if facts.budget_kind == CONVENANT and t.licensed_provider_only:
            out.append(
                Violation(
                    "R8",
                    ContractCode.CONVENANT_ONLY_LICENSED_OR_MFC,
                    _(
                        "Een persoonsvolgend convenant kan alleen ingezet worden bij een door het "
                        "VAPH vergunde zorgaanbieder of een multifunctioneel centrum. Kies zo'n "
                        "zorgaanbieder."
                    ),
                    "counterparty.provider_kind",
                )
            )
        else:
            out.append(
                Violation(
                    "R17",
                    ContractCode.PROVIDER_KIND_NOT_FOR_TYPE,
                    _(
                        "Dit type overeenkomst kan alleen gesloten worden met: %(allowed)s. Kies "
                        "het type dat bij de zorgaanbieder past."
                    ),
                    "counterparty.provider_kind",
                    {"allowed": allowed},
                )
            )
    return out
