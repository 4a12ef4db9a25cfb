"""The settlement letter and the heirs' certificate: real PDFs (pypdf opens them) with the
settlement's Dutch text and figures; the certificate only after a death (R33, R34)."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from budgetlijn.dossiers.services import death_stop_day
from budgetlijn.settlements import pdf, services
from budgetlijn.settlements.tests.helpers import cost, first_quarter, started_pab, statement, stop

pytestmark = pytest.mark.django_db


def text_of(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages).replace("\u00a0", " ")
    return " ".join(text.split())  # lines wrap where the page is full


@pytest.fixture
def data():
    data = started_pab()
    first_quarter(data)
    return data


def test_r33_settlement_letter_names_the_figures_and_the_advance(data):
    budget = data["budget"]
    stop(budget, date(2023, 6, 1))
    settlement = services.settle_budget(budget, on=date(2023, 7, 10)).settlement
    text = text_of(pdf.settlement_letter_pdf(settlement))
    assert "Eindafrekening van uw budget" in text
    assert "gebruikt tot en met 31/05/2023" in text
    assert "EUR 4 500,00" in text  # still payable
    assert "EUR 5 000,00" in text  # the advance
    assert "EUR 500,00" in text  # asked back
    assert "stort de rest" in text
    assert "BE68 5390 0754 7034" in text
    with pytest.raises(pdf.NotADeath):
        pdf.heirs_certificate_pdf(settlement)


def test_r33_the_same_settlement_prints_the_same_pdf(data):
    budget = data["budget"]
    stop(budget, date(2023, 6, 1))
    settlement = services.settle_budget(budget, on=date(2023, 7, 10)).settlement
    assert pdf.settlement_letter_pdf(settlement) == pdf.settlement_letter_pdf(settlement)


def test_r34_heirs_certificate_says_the_funds_are_not_part_of_the_estate(data):
    budget, contract = data["budget"], data["contract"]
    stop(budget, death_stop_day(date(2023, 6, 14)), reason="DEATH")
    last = statement(budget, cost(contract, "4000.00", kind="NOTICE_PAY", month=6))
    settlement = services.settle_budget(budget, on=date(2023, 7, 10), statement=last).settlement
    certificate = text_of(pdf.heirs_certificate_pdf(settlement))
    assert "Attest voor de erfgenamen" in certificate
    assert "Noor Peeters, overleden op 14/06/2023" in certificate
    assert "niet in het vermogen van de overledene" in certificate
    assert "notaris" in certificate and "financiële instelling" in certificate
    letter = text_of(pdf.settlement_letter_pdf(settlement))
    assert "overleden op 14/06/2023" in letter
    assert "verbrekingsvergoedingen" in letter
    assert "EUR 4 000,00" in letter
