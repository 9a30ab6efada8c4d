"""Headlines: tidying stated ones, writing one from the lead or from a results table."""
import pytest

from wire import headline


@pytest.mark.parametrize("raw,body,expected", [
    ("TALKING POINT/BANKAMERICA <BAC> EQUITY OFFER", "analysts said BankAmerica would delay its offer",
     "Talking point/BankAmerica equity offer"),
    ("CONSOLIDATED GAS <CNG>UNIT SAYS NO RULES BROKEN", "", "Consolidated gas unit says no rules broken"),
    ("<GEORGE WESTON LTD> YEAR NET", "", "George Weston Ltd year net"),
    ("Soccer: Urawa Reds claim 7th Emperor's Cup+", "", "Soccer: Urawa Reds claim 7th Emperor's Cup"),
])
def test_tidy(raw, body, expected):
    assert headline.tidy(raw, body) == expected


@pytest.mark.parametrize("lead,expected", [
    ("Qtly div 65 cts vs 65 cts prior", "Sets quarterly dividend"),
    ("Qtly div 11 cts vs 10 cts prior", "Raises quarterly dividend"),
    ("Shr 38 cts vs 26 cts\nNet 4,955,000 vs 3,444,000", "Qtr net rises"),
    ("Shr loss 20 cts vs profit 96 cts", "Qtr swings to loss"),
    ("Shr loss four cts vs loss one ct", "Qtr loss widens"),
    ("Acme Corp said it bought a plant.", None),
])
def test_results_tables(lead, expected):
    assert headline.from_table(lead) == expected


@pytest.mark.parametrize("text,expected", [
    ("Acme launched a rocket", "Acme launches a rocket"),
    ("Council approved the budget", "Council approves the budget"),
    ("Pall Corp said sales rose", "Pall Corp says sales rose"),
    ("Debt was downgraded by S and P", "Debt was downgraded by S and P"),
    ("Sales of previously owned homes dropped", "Sales of previously owned homes dropped"),  # unsure: kept
])
def test_present_tense(text, expected):
    assert headline.present_tense(text) == expected


def test_subordinate_opener_and_subject():
    h = headline.generate("As electric vehicles steadily gain ground, VinFast has expanded its warranty "
                          "program across the United States.")
    assert h.startswith("VinFast expands")
    h = headline.generate("Many parents dread the end of the school year.", subjects=["Camp Acme"])
    assert h == "Camp Acme: many parents dread end of school year"
