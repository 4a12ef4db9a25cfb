"""The settlement letter and the heirs' certificate as PDF (fpdf2: pure Python, maintained, no
system libraries; docs/decisions/0023-end-of-a-budget.md).

Both are made from the stored ``Settlement`` only, so the same settlement gives the same text
whenever it is printed again; the document's date is the settlement's own (``settled_on``,
``created_at``), never the printing day. Texts are Dutch through gettext; the PDF core font
(Helvetica) covers Latin-1, which Dutch needs ("ë", "é").
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal

from django.utils.translation import gettext as _
from fpdf import FPDF

from budgetlijn.rules.accounts import format_iban
from budgetlijn.rules.money import format_eur
from budgetlijn.settlements.constants import EndKind
from budgetlijn.settlements.models import PvbTransitionLetter, Settlement

AGENCY = "Vlaams Agentschap voor Personen met een Handicap (VAPH)"
TEAM = "team Budgetbesteding"
# Characters the core font lacks, written as their nearest Latin-1 form.
_PLAIN = str.maketrans(
    {"\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}
)


class NotADeath(ValueError):
    """The heirs' certificate is only made after a death (R34)."""


def _plain(text: str) -> str:
    return str(text).translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


def _day(value) -> str:
    return f"{value:%d/%m/%Y}"


class _Document(FPDF):
    def __init__(self, title: str, created: datetime | None, day: date):
        super().__init__(format="A4")
        self.set_title(_plain(title))
        self.set_author(_plain(AGENCY))
        self.set_creator("Budgetlijn")
        created = created or datetime.combine(day, time())
        self.set_creation_date(created if created.tzinfo else created.replace(tzinfo=UTC))
        self.set_margins(20, 20, 20)
        self.add_page()
        self.set_font("Helvetica", "B", 9)
        self.cell(0, 5, _plain(AGENCY), new_x="LMARGIN", new_y="NEXT")
        self.set_font("Helvetica", "", 9)
        self.cell(0, 5, _plain(TEAM), new_x="LMARGIN", new_y="NEXT")
        self.ln(8)
        self.set_font("Helvetica", "B", 14)
        self.multi_cell(0, 7, _plain(title), new_x="LMARGIN", new_y="NEXT")
        self.ln(3)

    def para(self, text: str, *, bold: bool = False) -> None:
        self.set_font("Helvetica", "B" if bold else "", 10)
        self.multi_cell(0, 5, _plain(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def row(self, label: str, value: str) -> None:
        self.set_font("Helvetica", "", 10)
        self.cell(110, 6, _plain(label))
        self.cell(0, 6, _plain(value), align="R", new_x="LMARGIN", new_y="NEXT")

    def output_bytes(self) -> bytes:
        return bytes(self.output())


def _holder_name(settlement: Settlement) -> str:
    return settlement.budget.person.full_name


def settlement_letter_pdf(settlement: Settlement) -> bytes:
    """The letter with the final settlement (R33, R34) for the holder or the heirs."""
    budget = settlement.budget
    death = settlement.end_kind == EndKind.DEATH
    doc = _Document(_("Eindafrekening van uw budget"), settlement.created_at, settlement.settled_on)
    doc.para(
        _("Budget %(budget)s (%(kind)s) van %(name)s, afgerekend op %(day)s.")
        % {
            "budget": budget.pk,
            "kind": budget.get_kind_display(),
            "name": _holder_name(settlement),
            "day": _day(settlement.settled_on),
        }
    )
    if death:
        doc.para(
            _(
                "%(name)s is overleden op %(day)s. Wij betalen de kosten tot op die dag, de "
                "verbrekingsvergoedingen en de kosten om het dossier af te sluiten, tot het "
                "jaarbudget volledig is opgebruikt."
            )
            % {"name": _holder_name(settlement), "day": _day(settlement.last_day)}
        )
    else:
        doc.para(
            _(
                "Het budget werd gebruikt tot en met %(day)s. Wij betalen de kosten tot die dag, "
                "met de wettelijk verplichte opzegvergoedingen, tot het jaarbudget tot de "
                "stopzetting volledig is opgebruikt."
            )
            % {"day": _day(settlement.last_day)}
        )
    doc.para(_("De afrekening"), bold=True)
    rows = [
        (_("Aanvaarde kosten die nog betaald worden"), settlement.payable),
        (_("Terugvorderbaar voorschot, volledig terug te betalen"), settlement.advance),
        (_("Voorschot ingehouden op wat nog betaald wordt"), settlement.advance_deducted),
        (_("Nog uit te betalen op de budgetrekening"), settlement.net_payout),
        (_("Voorschot zelf terug te storten"), settlement.advance_asked_back),
        (_("Niet gebruikt jaarbudget (vervalt)"), settlement.unused),
    ]
    if settlement.notice_pay_claimed:
        rows += [
            (_("Opzeg- en verbrekingsvergoedingen ingediend"), settlement.notice_pay_claimed),
            (_("Opzeg- en verbrekingsvergoedingen aanvaard"), settlement.notice_pay_accepted),
        ]
    if settlement.severance_extra:
        rows.append(
            (_("Extra toegekend voor de verbrekingsvergoedingen"), settlement.severance_extra)
        )
    for label, amount in rows:
        doc.row(label, format_eur(Decimal(amount)))
    doc.ln(3)
    for finding in settlement.findings:
        doc.para(finding["message"])
    account = getattr(budget, "account", None)
    if account is not None:
        doc.para(
            _("Budgetrekening: %(iban)s op naam van %(holder)s.")
            % {"iban": format_iban(account.iban), "holder": account.holder_name}
        )
    doc.para(
        _(
            "Heeft u vragen over deze afrekening? Neem contact op met het team Budgetbesteding "
            "en vermeld het nummer van uw budget."
        )
    )
    return doc.output_bytes()


def heirs_certificate_pdf(settlement: Settlement) -> bytes:
    """The certificate for the heirs that the budget's funds are not part of the estate
    (R34, seed 003 §9.2), for the notary or the bank."""
    if settlement.end_kind != EndKind.DEATH:
        raise NotADeath(_("Een attest voor de erfgenamen volgt alleen op een overlijden (R34)."))
    budget = settlement.budget
    doc = _Document(_("Attest voor de erfgenamen"), settlement.created_at, settlement.settled_on)
    doc.para(
        _(
            "Het %(agency)s verklaart dat de gelden van het %(kind)s van %(name)s, overleden op "
            "%(day)s (budget %(budget)s), niet in het vermogen van de overledene komen."
        )
        % {
            "agency": AGENCY,
            "kind": budget.get_kind_display(),
            "name": _holder_name(settlement),
            "day": _day(settlement.last_day),
            "budget": budget.pk,
        }
    )
    account = getattr(budget, "account", None)
    if account is not None:
        doc.para(
            _(
                "Dat geldt ook voor het saldo van de aparte budgetrekening %(iban)s (op naam van "
                "%(holder)s), die uitsluitend voor het budget gebruikt wordt."
            )
            % {"iban": format_iban(account.iban), "holder": account.holder_name}
        )
    doc.para(
        _("De erfgenamen kunnen dit attest bezorgen aan de notaris en/of de financiële instelling.")
    )
    doc.para(
        _("Opgemaakt op %(day)s door het team Budgetbesteding.")
        % {"day": _day(settlement.settled_on)}
    )
    return doc.output_bytes()


def pvb_letter_pdf(letter: PvbTransitionLetter) -> bytes:
    """The letter at 18 (R7, seed 003 §8): the step from the PAB to a PVB, and the support plan
    to file before the 22nd birthday."""
    budget = letter.budget
    person = budget.person
    doc = _Document(
        _("Uw persoonlijke-assistentiebudget en de overstap naar een persoonsvolgend budget"),
        letter.created_at,
        letter.sent_on,
    )
    doc.para(
        _("Aan %(name)s (budget %(budget)s), %(day)s.")
        % {"name": person.full_name, "budget": budget.pk, "day": _day(letter.sent_on)}
    )
    doc.para(
        _(
            "U wordt of werd 18 jaar op %(birthday)s. Wilt u uw ondersteuning verderzetten als "
            "meerderjarige, dan doorloopt u de aanvraagprocedure voor een persoonsvolgend budget "
            "(PVB)."
        )
        % {"birthday": _day(letter.birthday_18)}
    )
    doc.para(
        _(
            "Start die procedure vóór uw 22ste verjaardag: dien uiterlijk de dag vóór %(limit)s "
            "uw ondersteuningsplan persoonsvolgend budget in."
        )
        % {"limit": _day(letter.support_plan_before)},
        bold=True,
    )
    doc.para(
        _(
            "De procedure: u laat uw vraag verhelderen en maakt een ondersteuningsplan op; een "
            "erkend multidisciplinair team (MDT) objectiveert uw handicap en ondersteuningsnood "
            "en stelt een budgetcategorie voor; het VAPH wijst een budgetcategorie toe. Pas na die "
            "beslissing wordt uw PAB omgezet in een 'persoonsvolgend budget na jeugdhulp'. Uw "
            "budgetrekening blijft dezelfde."
        )
    )
    doc.para(
        _(
            "Opgelet: dient u geen ondersteuningsplan in vóór uw 22ste verjaardag, dan stopt uw "
            "PAB op die verjaardag. U behoudt het recht op een automatische terbeschikkingstelling "
            "van een budget, maar tussen uw 22ste verjaardag en die beslissing heeft u geen PAB "
            "en geen PVB."
        )
    )
    doc.para(_("Een persoonsvolgend budget kan naar keuze in cash en in voucher ingezet worden."))
    return doc.output_bytes()
