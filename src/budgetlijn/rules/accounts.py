"""The budget account (R10): a separate account, in an allowed name, with a valid IBAN."""

from dataclasses import dataclass

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from budgetlijn.rules.codes import AccountCode
from budgetlijn.rules.violations import Violation, _

# seed 003 §2.2: the holder, a legal representative, a notarial appointee or the minor.
ALLOWED_HOLDER_KINDS = frozenset({"HOLDER", "REPRESENTATIVE", "NOTARIAL", "MINOR"})


@dataclass(frozen=True)
class ParsedIban:
    compact: str
    bic: str | None
    country_code: str
    in_sepa_zone: bool


def parse_iban(value: str) -> ParsedIban:
    iban = IBAN(value)
    bic = iban.bic
    return ParsedIban(iban.compact, str(bic) if bic else None, iban.country_code, iban.in_sepa_zone)


def format_iban(value: str) -> str:
    try:
        return IBAN(value).formatted
    except SchwiftyException:
        return value


def check_budget_account(iban: str, holder_name: str, holder_kind: str) -> list[Violation]:
    violations: list[Violation] = []
    if not (iban or "").strip():
        violations.append(
            Violation(
                "R10",
                AccountCode.IBAN_MISSING,
                _("Vul het IBAN-nummer van de budgetrekening in."),
                "iban",
            )
        )
    else:
        try:
            parsed = parse_iban(iban)
        except SchwiftyException:
            violations.append(
                Violation(
                    "R10",
                    AccountCode.IBAN_INVALID,
                    _(
                        "Dit IBAN-nummer klopt niet. Neem het over van uw bankkaart of "
                        "rekeninguittreksel, bijvoorbeeld BE68 5390 0754 7034."
                    ),
                    "iban",
                )
            )
        else:
            if not parsed.in_sepa_zone:
                violations.append(
                    Violation(
                        "R10",
                        AccountCode.IBAN_NOT_SEPA,
                        _(
                            "De budgetrekening moet een rekening in de SEPA-zone zijn: het "
                            "agentschap betaalt met een SEPA-overschrijving. Geef een andere rekening op."
                        ),
                        "iban",
                    )
                )
    if not (holder_name or "").strip():
        violations.append(
            Violation(
                "R10",
                AccountCode.ACCOUNT_HOLDER_NAME_MISSING,
                _("Vul de naam van de rekeninghouder in, zoals die bij de bank bekend is."),
                "holder_name",
            )
        )
    if holder_kind not in ALLOWED_HOLDER_KINDS:
        violations.append(
            Violation(
                "R10",
                AccountCode.ACCOUNT_HOLDER_NOT_ALLOWED,
                _(
                    "De budgetrekening moet op naam staan van de budgethouder, een wettelijk "
                    "vertegenwoordiger, een aangestelde via notariële akte of de minderjarige. "
                    "Kies een van die mogelijkheden."
                ),
                "holder_kind",
            )
        )
    return violations
