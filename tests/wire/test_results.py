"""Wire-style headlines for results and dividend tables."""
import pytest

from wire import results


@pytest.mark.parametrize("lead,expected", [
    ("Qtly div 65 cts vs 65 cts prior", "Sets quarterly dividend"),
    ("Qtly div 11 cts vs 10 cts prior", "Raises quarterly dividend"),
    ("Mthly div 6.9 cts vs 6.9 cts prior", "Sets monthly dividend"),
    ("Shr 38 cts vs 26 cts\nNet 4,955,000 vs 3,444,000", "Net rises"),   # period unknown: not guessed
    ("Shr loss 20 cts vs profit 96 cts", "Results swing to loss"),
    ("Shr loss four cts vs loss one ct", "Loss widens"),
    ("Acme Corp said it bought a plant.", None),
])
def test_results_tables(lead, expected):
    assert results.from_table(lead) == expected


# Reuters-21578 results tables: the quarter comes first, then the period to date under its own header
@pytest.mark.parametrize("rest,expected", [
    ("Net 12.6 mln vs 15.8 mln\nYear\nShr 3.07 dlrs vs 3.08 dlrs", "4th qtr net rises"),
    ("Net 12.6 mln vs 15.8 mln\n12 mths\nShr 3.07 dlrs vs 3.08 dlrs", "4th qtr net rises"),
    ("Net 12.6 mln vs 15.8 mln\nNine mths\nShr 3.07 dlrs vs 3.08 dlrs", "3rd qtr net rises"),
    ("Net 12.6 mln vs 15.8 mln\nSix mths\nShr 3.07 dlrs vs 3.08 dlrs", "2nd qtr net rises"),
    ("Net 807,000 vs 2,858,000\nNote: 4th qtr not available. Year includes 1985 gain", "Year net rises"),
    ("Net 12.6 mln vs 15.8 mln\nNOTE: Prior year net excludes a loss", "Net rises"),
])
def test_results_period_from_the_blocks_that_follow(rest, expected):
    assert results.from_table("Shr one dlr vs 73 cts", rest) == expected
