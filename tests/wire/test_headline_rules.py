"""Each headline rule alone: wire-style leads (invented firms and people) and the headline
they give with every rule on. Each example is checked twice: the headline with all rules,
and a different headline with that one rule switched off, so an example that does not
need its rule (or a rule that stopped working) fails here."""
import logging

import pytest

from wire import headline

EXAMPLES = {
    "first_sentence": [
        ("Rhine Valley Brewers raised beer prices. Rivals are expected to follow.",
         "Rhine Valley Brewers raises beer prices"),
    ],
    "tickers": [
        ("Marston Mining <MRM.TO> said it sold its stake in a copper mine to Kellner Resources for 40 mln dlrs.",
         "Marston Mining sells stake in copper mine to Kellner Resources for 40 mln dlrs"),
        ("<TRILLIUM FOODS LTD> said it raised its quarterly dividend to 12 cts a share from 10 cts.",
         "TRILLIUM FOODS LTD raises quarterly dividend to 12 cts share from 10 cts"),
    ],
    "parentheses": [
        ("Corvane Systems (NASDAQ: CRVN) has launched a cloud platform for regional hospitals.",
         "Corvane Systems launches cloud platform for regional hospitals"),
        ("Brightwater Labs (BWL) announced a new battery chemistry [video] for electric buses.",
         "Brightwater Labs announces new battery chemistry for electric buses"),
    ],
    "left_dateline": [
        ("Lisbon, March 3 - Atlantica Bank said it cut its prime lending rate to 7.5 pct.",
         "Atlantica Bank cut prime lending rate to 7.5 pct"),
    ],
    "acronym_aside": [
        ("Federation of European Grain Traders, FEGT, said wheat exports would fall this season.",
         "FEGT says wheat exports to fall this season"),
        ("Association of Nordic Ship Owners and Operators, ANSO, said freight rates rose sharply in May.",
         "ANSO says freight rates rose sharply in May"),
    ],
    "appositive": [
        ("Hollis Chemicals Inc., Europe's largest maker of textile dyes, said it would shut a plant in Leeds.",
         "Hollis Chemicals to shut plant in Leeds"),
        ("Vesta Werke GmbH, 75 pct owned by Hanseatic Holding AG, said it will cut 400 jobs.",
         "Vesta Werke GmbH to cut 400 jobs"),
        ("Marlow Foods, Britain's biggest maker of frozen pies, has agreed to buy Tandy Bakeries.",
         "Marlow Foods to buy Tandy Bakeries"),
    ],
    "name_aside": [
        ("Walter Brandt, deputy chairman of the supervisory board, resigned after a dispute over pay.",
         "Walter Brandt resigns after dispute over pay"),
    ],
    "called": [
        ("A group of dairy cooperatives, known as the Northern Milk Pool, agreed to merge their bottling plants.",
         "Group of dairy cooperatives to merge bottling plants"),
    ],
    "named_apposition": [
        ("Kestrel Aerospace said its subsidiary, SkyNest, has begun testing a cargo drone in Nevada.",
         "Kestrel Aerospace subsidiary SkyNest has begun testing cargo drone in Nevada"),
        ("Sapphire Cruises said its chief executive, Marco Bellini, would step down in June.",
         "Sapphire Cruises chief executive Marco Bellini to step down in June"),
    ],
    "said_it": [
        ("Avondale Motors said it will recall 40,000 vans over faulty brakes.",
         "Avondale Motors to recall 40,000 vans over faulty brakes"),
        ("Telford Mining said on Wednesday that it found new gold deposits near Kalgoorlie.",
         "Telford Mining finds new gold deposits near Kalgoorlie"),
    ],
    "said_its": [
        ("Ferris Chemical Corp said its board authorized the buyback of two mln shares.",
         "Ferris Chemical board authorizes buyback of two mln shares"),
    ],
    "said_that": [
        ("Foreign Minister Ilona Varga has said that the border closure is unacceptable.",
         "Foreign Minister Ilona Varga: border closure is unacceptable"),
        ("The Tanaka Shipping Co of Osaka and its long-time partner in the Netherlands have said that the joint "
         "venture will be wound up.",
         "Tanaka Shipping of Osaka and long-time partner in Netherlands says joint venture to be wound up"),
    ],
    "leading_article": [
        ("The association of independent bookshops of the German state of Saxony has named Petra Voss as its "
         "president.", "Association of independent bookshops of German state of Saxony named Petra Voss as president"),
    ],
    "pleased_to_announce": [
        ("Bluecrest Analytics is pleased to announce the opening of its office in Austin.",
         "Bluecrest Analytics opens office in Austin"),
        ("Halden and Moss are excited to announce a partnership with Greenfield Energy.",
         "Halden and Moss partner with Greenfield Energy"),
    ],
    "announced_deed": [
        ("Nimbus Health announces the launch of CareLink, a remote monitoring service.",
         "Nimbus Health launches CareLink, remote monitoring service"),
        ("Bluecrest Analytics is pleased to announce the opening of its office in Austin.",
         "Bluecrest Analytics opens office in Austin"),
    ],
    "has_done": [
        ("The Northern Ireland Tourist Board and its partners in the Republic of Ireland have launched a campaign.",
         "Northern Ireland Tourist Board and partners in Republic of Ireland launched campaign"),
    ],
    "openers": [
        ("On March 14, 2024, Veldt Robotics unveiled a warehouse robot that sorts parcels.",
         "Veldt Robotics unveils warehouse robot that sorts parcels"),
        ("Meanwhile, Tessaro Foods raised its prices for a second time this year.",
         "Tessaro Foods raises prices for second time this year"),
    ],
    "subordinate": [
        ("As interest rates climb across Europe, Vantor Homes has cut its forecast for new builds.",
         "Vantor Homes has cut forecast for new builds"),
        ("Despite a weak first quarter in its home market, Larkspur Apparel raised its full-year outlook.",
         "Larkspur Apparel raises full-year outlook"),
    ],
    "full_stop": [
        ("The Vienna Philharmonic will tour Japan in October.", "Vienna Philharmonic to tour Japan in October"),
    ],
    "attribution": [
        ("Output at the Ridder zinc smelter rose 4 pct in May, Kazakhmys said.",
         "Output at Ridder zinc smelter rose 4 pct in May"),
        ("Copper stocks in Shanghai warehouses fell 12 pct last week, traders said.",
         "Copper stocks in Shanghai warehouses fell 12 pct last week"),
    ],
    "relative_clause": [
        ("Montclair Bank named Helen Okafor, who ran its Lagos branch, as chief executive.",
         "Montclair Bank names Helen Okafor as chief executive"),
    ],
    "job_titles": [
        ("Chief Executive Officer of Nordvik Shipping Holdings Annika Lund told shareholders on Thursday that the "
         "company would sell four of its oldest container vessels.",
         "Annika Lund tells shareholders that company to sell four of oldest container vessels"),
    ],
    "today": [
        ("Sterling Rail today announced a 200 mln dlr order for regional trains from Dutch operators.",
         "Sterling Rail announces 200 mln dlr order for regional trains"),
    ],
    "english": [
        ("Ostrava Coke and Coal will build a new battery of ovens at its Trinec site, Czech state radio reported.",
         "Ostrava Coke and Coal to build new battery of ovens at Trinec site"),
        ("Almaty city authorities will build three new metro stations, Kazinform has learnt from the city's "
         "press service.", "Almaty city authorities to build three new metro stations"),
    ],
    "headlinese_to_fit": [
        ("The Tanaka Shipping Co of Osaka and its long-time partner in the Netherlands have said that the joint "
         "venture will be wound up.",
         "Tanaka Shipping of Osaka and long-time partner in Netherlands says joint venture to be wound up"),
    ],
    "cut": [
        ("Quorra Therapeutics will begin a late-stage trial of its migraine drug in 400 patients in Germany, Spain "
         "and Italy in the first half of next year under a licensing agreement.",
         "Quorra Therapeutics to begin late-stage trial of migraine drug in 400 patients in Germany"),
        ("Orion Satellite Group, the operator of 14 broadcasting satellites, said it had won a contract worth 300 "
         "mln euros from the European Space Agency to build two weather satellites.",
         "Orion Satellite Group wins contract worth 300 mln euros"),
    ],
    "edge_punctuation": [
        ('"Arden Pharma said it will cut 200 jobs"', "Arden Pharma to cut 200 jobs"),
    ],
    "headline_style": [
        ("The Vienna Philharmonic will tour Japan in October.", "Vienna Philharmonic to tour Japan in October"),
        ("Avondale Motors said it will recall 40,000 vans over faulty brakes.",
         "Avondale Motors to recall 40,000 vans over faulty brakes"),
    ],
    "present_tense": [
        ("Caldera Energy, which operates six refineries in Texas, posted a record quarterly profit.",
         "Caldera Energy posts record quarterly profit"),
        ("Pelham Industries, once owned by the Vance family, sold its textile unit to Orsini Group.",
         "Pelham Industries sells textile unit to Orsini Group"),
    ],
    "dangling_words": [
        ("Dorsey Motors said on Friday it had agreed to supply 5,000 electric vans to the French postal service's "
         "parcel unit La Poste's.", "Dorsey Motors to supply 5,000 electric vans to French postal service's parcel unit"),
    ],
    "capital": [
        ("A group of dairy cooperatives, known as the Northern Milk Pool, agreed to merge their bottling plants.",
         "Group of dairy cooperatives to merge bottling plants"),
        ("The city council of Rotterdam voted to ban diesel delivery vans from the centre.",
         "City council of Rotterdam votes to ban diesel delivery vans from centre"),
    ],
}
PEOPLE = {"Annika Lund": ["Annika Lund"]}


def _people(lead):
    return next((p for name, p in PEOPLE.items() if name in lead), [])


@pytest.mark.parametrize("rule,lead,expected", [
    pytest.param(rule, lead, expected, id=f"{rule}-{i}")
    for rule, examples in EXAMPLES.items() for i, (lead, expected) in enumerate(examples)])
def test_rule(rule, lead, expected):
    assert headline.generate(lead, _people(lead), off=()) == expected
    # without it the headline is another: the example needs this rule
    assert headline.generate(lead, _people(lead), off={rule}) != expected


def test_every_rule_has_examples_and_a_reason():
    names = [r.name for r in headline.RULES]
    assert sorted(names) == sorted(EXAMPLES)
    assert all(r.doc for r in headline.RULES)


def test_rules_run_in_their_registered_order():
    names = [r.name for r in headline.RULES]
    # the order is the algorithm: the sentence first, the grammar after the English judgement,
    # the capital last
    assert names[0] == "first_sentence" and names[-1] == "capital"
    assert names.index("english") < names.index("headline_style") < names.index("present_tense")
    assert names.index("cut") < names.index("dangling_words")


def test_rules_off_from_the_environment(caplog):
    assert headline.rules_off({}) == frozenset()
    assert headline.rules_off({headline.OFF_VARIABLE: "cut, said_it"}) == {"cut", "said_it"}
    with caplog.at_level(logging.WARNING, logger="wire.headline"):
        assert headline.rules_off({headline.OFF_VARIABLE: "cut,no_such_rule"}) == {"cut"}
    assert "no_such_rule" in caplog.text


def test_the_environment_switches_a_rule_off(monkeypatch):
    lead = "Avondale Motors said it will recall 40,000 vans over faulty brakes."
    monkeypatch.setenv(headline.OFF_VARIABLE, "headline_style")
    assert headline.generate(lead) == headline.generate(lead, off={"headline_style"}) != headline.generate(lead, off=())


def test_an_unknown_rule_is_an_error_not_a_silent_all_on():
    with pytest.raises(ValueError, match="no_such_rule"):
        headline.generate("Acme Corp said it will buy Beta Inc.", off={"no_such_rule"})
