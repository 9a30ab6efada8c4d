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
    assert h == "Camp Acme: Many parents dread end of school year"   # case kept: "Dutch ..." may open it


def test_place_first_word_is_a_name_not_a_subject_to_prefix():
    # "Japan" opens the sentence: it names the subject, so no "Org: japan ..." prefix, no lower case
    h = headline.generate("Japan is expected to cut the base lending rate to 5.5 pct, sources said.",
                          subjects=["Trust Fund Bureau"])
    assert h.startswith("Japan")


def test_cut_at_clause_boundary_a_little_past_the_target():
    # no boundary before 80 characters: the appositive's comma (at 81) beats a cut between words
    h = headline.generate("RChilli is proud to announce that its CEO, Vinay Johar, will be a featured speaker at "
                          "Ascend 2024, one of the premier conferences in the HR and recruitment industry.")
    assert h.endswith("Ascend 2024") and "one" not in h.split()


def test_relative_clause_between_subject_and_verb_leaves_no_comma():
    h = headline.generate("Former Chinese Premier Li Peng, who led a military crackdown at Tiananmen Square "
                          "in 1989, died Monday of illness in the capital, the official Xinhua News Agency reported.")
    assert h == "Former Chinese Premier Li Peng died of illness in capital"


def test_first_sentence_ends_at_a_month_name_but_not_at_abbreviations():
    assert headline.first_sentence("Acme will hold its fair in July. The fair is free.") == \
        "Acme will hold its fair in July."
    assert headline.first_sentence("Pantry engaged Alex. Brown and Sons Inc. to explore a sale. Next.") == \
        "Pantry engaged Alex. Brown and Sons Inc. to explore a sale."


def test_days_that_are_part_of_a_date_or_name_stay():
    assert headline.headlinese("Foster Care Day, observed on the first Tuesday of May") == \
        "Foster Care Day, observed on first Tuesday of May"
    assert headline.headlinese("Shoppers flock to stores on Black Friday") == "Shoppers flock to stores on Black Friday"
    assert headline.headlinese("Li Peng died Monday of illness") == "Li Peng died of illness"
    assert headline.headlinese("Acme on Tuesday launched a rocket") == "Acme launched rocket"


def test_and_co_is_part_of_the_name():
    assert headline.generate("Sears, Roebuck and Co said it will restructure its distribution operations.") == \
        "Sears, Roebuck and Co to restructure distribution operations"


def test_results_table_opening_the_story_is_the_news_whatever_the_lead():
    story = ["Period ended December 31.", "Shr loss 14 cts vs loss 27 cts", "Net loss 850,000 vs loss 1,400,000",
             "Year", "Shr loss 30 cts vs loss 1.06 dlrs"]
    assert headline.generate("Period ended December 31.", story=story) == "4th qtr loss narrows"
    story = ["Shr 1.11 dlrs vs 1.04 dlrs", "Net 44,092,000 vs 35,145,000",
             "Note: 1986 results include extraordinary gain of 1,035,000 dlrs."]
    assert headline.generate(story[2], story=story) == "Net rises"
    # a prose lead with a table further down stays the news
    story = ["Acme Corp said it bought a plant in Ohio for 12 mln dlrs from Beta Inc.", "Shr 1 dlr vs 2 dlrs"]
    assert headline.generate(story[0], story=story).startswith("Acme")


@pytest.mark.parametrize("text,expected", [
    # a plural subject takes the plain form
    ("Receivers of Dick Smith Holdings have appointed Don Grover", "Receivers of Dick Smith Holdings appoint Don Grover"),
    ("New discoveries are challenging past assumptions", "New discoveries challenge past assumptions"),
    ("Spanish farmers battled police", "Spanish farmers battle police"),
    # one name with "and" in it is one subject
    ("Ministry of International Trade and Industry acted to tighten curbs",
     "Ministry of International Trade and Industry acts to tighten curbs"),
    # a second verb joined by "and" turns too
    ("Ropak received and accepted 456,968 shares", "Ropak receives and accepts 456,968 shares"),
    ("Miller Tabak Hirsch and Co has received the shares", "Miller Tabak Hirsch and Co receives the shares"),
    # participles and adjectives are not the verb
    ("Copper stocks held by refineries fell to 109,200 tons", "Copper stocks held by refineries fall to 109,200 tons"),
    ("Two affiliated firms raised their stake", "Two affiliated firms raise their stake"),
    ("Japan appears resolved to encourage demand", "Japan appears resolved to encourage demand"),
    ("Interface Flooring Systems filed for an offering", "Interface Flooring Systems files for an offering"),
])
def test_present_tense_agreement_and_participles(text, expected):
    assert headline.present_tense(text) == expected


def test_headline_style_only_for_english():
    # "a" and "an" are words in Spanish and French, not articles to drop
    h = headline.generate("Una pareja de leones hirieron mortalmente a un joven que se coló en el zoológico.")
    assert " a un joven" in h
    assert headline.generate("Acme Corp said it has launched a rocket.") == "Acme launches rocket"


@pytest.mark.parametrize("lead,expected", [
    # an aside between subject and verb goes, even with commas inside it
    ("Bryson Oil and Gas Plc, a Belfast, Northern Ireland, oil company, said it has acquired an 8.5 pct "
     "stake in Cynergy Corp.", "Bryson Oil and Gas acquires 8.5 pct stake in Cynergy"),
    ("Greece, responding to a warning by Turkey against oil activities in the Aegean Sea, said today it had "
     "the right to decide where to drill.", "Greece has right to decide where to drill"),
    ("<VDO Luftfahrtgeraete Werk Adolf Schindling GmbH>, 75 pct owned by autoparts maker <VDO Adolf "
     "Schindling AG>, said it set up a joint venture with Thomson-CSF of France.",
     "VDO Luftfahrtgeraete Werk Adolf Schindling GmbH set up joint venture with Thomson-CSF of France"),
    # "said its board ...": the company's board acts
    ("Torchmark Corp said its board authorized the purchase of up to four mln of its common shares.",
     "Torchmark board authorizes purchase of up to four mln of common shares"),
    # ... but not before a name, where it would stutter
    ("Porsche AG said its Porsche Cars North America affiliate will raise prices of 1987 models.",
     "Porsche says Porsche Cars North America affiliate to raise prices of 1987 models"),
])
def test_subject_and_verb_brought_together(lead, expected):
    assert headline.generate(lead, people=["Adolf Schindling"]) == expected


@pytest.mark.parametrize("lead,expected", [
    # a long name with its short form as an aside: the short form names it
    ("The Association of International Bond Dealers, AIBD, said it will cooperate with Cedel and Euroclear.",
     "AIBD to cooperate with Cedel and Euroclear"),
    # ... but a short form of the last noun only is not the subject
    ("Rates on yen certificates of deposit, CD, fell to 4.27 pct.",
     "Rates on yen certificates of deposit CD fall to 4.27 pct"),
    # a dateline left at the head of the lead
    ("New York, Feb 26 - American Express Co remained silent on market rumors.",
     "American Express remains silent on market rumors"),
    # "proposed" is not the verb when "were" follows
    ("The following proposed securities offerings were filed with the SEC:",
     "Following proposed securities offerings were filed with SEC"),
])
def test_lead_openings(lead, expected):
    assert headline.generate(lead) == expected


def test_word_cut_never_splits_a_name_with_and_in_it():
    h = headline.generate("The following proposed securities offerings were filed recently with the Securities "
                          "and Exchange Commission:")
    assert not h.endswith(("Securities", "and", "Exchange")) and len(h) <= headline.MAX_LENGTH


@pytest.mark.parametrize("text,expected", [
    ("Acme signs agreement under", "Acme signs agreement"),
    ("Sam Rubin announces commercial release of company's", "Sam Rubin announces commercial release"),
    # the owner's whole name goes with a dangling possessive: no half name
    ("Merz has heavily criticized the plan of Olaf Scholz's", "Merz has heavily criticized the plan"),
    ('Awards kick off with big wins for "Big', "Awards kick off with big wins"),
    ('Britain"s Conservatives enlarge lead', 'Britain"s Conservatives enlarge lead'),   # an apostrophe
])
def test_trim_dangling(text, expected):
    assert headline._trim_dangling(text) == expected


@pytest.mark.parametrize("lead,expected", [
    ("In March 2024, global news outlets reported extreme single-day rainfalls in India and Bangladesh—events "
     "slated to become more frequent in coming years.",
     "Global news outlets report extreme single-day rainfalls in India and Bangladesh"),
    ("The International Domino Federation (IDF) and the National Domino Federation (NDFPR), are excited to "
     "announce a domino challenge.", "International Domino Federation and National Domino Federation announce "
                                     "domino challenge"),
    ("Interactive Brokers Group (Nasdaq: IBKR), a global brokerage firm, announced today that on Friday it "
     "lifted all trading restrictions on options.", "Interactive Brokers Group lifts all trading restrictions on options"),
    ("VinRobotics, Vingroup's pioneering robotics company, today announced the signing of a Memorandum of "
     "Understanding with Infineon.", "VinRobotics signs Memorandum of Understanding with Infineon"),
])
def test_more_lead_shapes(lead, expected):
    assert headline.generate(lead) == expected


def test_subject_prefix_only_for_english():
    h = headline.generate("Le communiqué suivant corrige et remplace le communiqué de presse.", subjects=["TELUS"])
    assert not h.startswith("TELUS")


@pytest.mark.parametrize("lead,expected", [
    ("StackGen today announced the launch of its industry-first Autonomous Infrastructure Platform.",
     "StackGen launches industry-first Autonomous Infrastructure Platform"),
    ("Acme Corp is pleased to announce the appointment of Jane Roe as chief technology officer.",
     "Acme appoints Jane Roe as chief technology officer"),
    ("Lavish Event Rentals is proud to announce its expansion to Orlando.", "Lavish Event Rentals expands to Orlando"),
    ("Acme and Beta are excited to announce a strategic partnership with Gamma.", "Acme and Beta partner with Gamma"),
    # nothing after the noun: the announcement stays as written
    ("Taktiful Software Solutions today announced its official launch.",
     "Taktiful Software Solutions announces official launch"),
])
def test_announced_deed_becomes_the_verb(lead, expected):
    assert headline.generate(lead) == expected


@pytest.mark.parametrize("text,expected", [
    ("China calls on the United States to remove curbs", "China calls on U.S. to remove curbs"),
    ("Growth in the United Kingdom slowed", "Growth in U.K. slowed"),
    ("McLean's United States Lines unit sold ships", "McLean's United States Lines unit sold ships"),   # a name
    ("Acme shipped rockets on Friday , May 10", "Acme shipped rockets, May 10"),
])
def test_headline_abbreviations_and_spacing(text, expected):
    assert headline.headlinese(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("White House was withdrawing the nomination", "White House withdraws the nomination"),
    ("SolSearcher is taking the community by storm", "SolSearcher takes the community by storm"),
    ("Venezuela is seeking flexibility", "Venezuela seeks flexibility"),
    ("Farmers were making a stand", "Farmers make a stand"),
])
def test_progressive_to_present(text, expected):
    assert headline.present_tense(text) == expected


def test_short_subject_that_said_speaks_with_a_colon():
    h = headline.generate("Italian Foreign Minister Angelino Alfano has said that the Catalan independence "
                          "declaration is unacceptable.", people=["Angelino Alfano"])
    assert h == "Angelino Alfano: Catalan independence declaration is unacceptable"


def test_editors_note_in_parentheses_is_not_the_news():
    note = "(Adds Gov. Cuomo's announcement that the Statue of Liberty will reopen on Monday)"
    story = [note, "By Joseph Ax", "The Statue of Liberty will reopen on Monday even if the U.S. government "
             "shutdown extends into the work week, New York Governor Andrew Cuomo said on Sunday."]
    assert headline.generate(note, story=story).startswith("Statue of Liberty to reopen")


@pytest.mark.parametrize("lead,expected", [
    # a name set off by commas after the noun it names
    ("ZenaTech, Inc. is pleased to announce that its subsidiary, ZenaDrone, has begun flight testing.",
     "ZenaTech, Inc. announces subsidiary ZenaDrone has begun flight testing"),
    # an aside that opens with an adverb and a participle
    ("Ketamine, once used primarily for anesthesia purposes, has emerged as a treatment for depression.",
     "Ketamine emerges as treatment for depression"),
])
def test_asides_around_names(lead, expected):
    assert headline.generate(lead) == expected


@pytest.mark.parametrize("text,expected", [
    ("National Foster Care Day, observed on the first Tuesday of May, serves",
     "National Foster Care Day, observed on the first Tuesday of May, serves"),
    ("Renewal Fuels, Inc., appointed John Roe", "Renewal Fuels, Inc., appoints John Roe"),
])
def test_participle_after_a_comma_is_an_aside(text, expected):
    assert headline.present_tense(text) == expected


def test_a_person_inside_a_bigger_name_keeps_the_name():
    # the tagger took "York Stock" for a person: "New" is no job title
    h = headline.generate("Anchor Glass Container Corp said it has been cleared to apply for listing on the New "
                          "York Stock Exchange and expects to file its formal application for listing later this "
                          "month, with trading to begin during the week of April 20.", people=["York Stock"])
    assert "New York Stock Exchange" in h


@pytest.mark.parametrize("lead,expected", [
    # a word cut ends before "and" that starts a second clause, never in the middle of it ...
    ("Bryson Oil and Gas Plc said it has acquired an 8.5 pct stake in Cynergy Corp and took steps to help it "
     "consider the possibility of seeking control of the company.", "Bryson Oil and Gas acquires 8.5 pct stake in Cynergy"),
    # ... and never drops half of a subject or of a pair
    ("Senior official of Drexel Burnham Lambert and his father told the Securities and Exchange Commission that "
     "they hold a stake.", "Senior official of Drexel Burnham Lambert and his father told Securities and Exchange "
                          "Commission"),
    ("A group of utilities, called the Capco group, has taken actions to exercise an option to acquire the unit.",
     "Group of utilities has taken actions to exercise option to acquire unit"),
])
def test_word_cuts_and_named_asides(lead, expected):
    assert headline.generate(lead) == expected


def test_a_sentence_that_fits_in_headline_style_is_not_cut():
    # 104 characters as written, 87 once "the" and "Corp" go: whole, rather than cut between words
    lead = ("The Pension Benefit Guaranty Corp took action to protect the pensions of employees and retirees of "
            "Kaiser Steel.")
    assert headline.generate(lead) == "Pension Benefit Guaranty takes action to protect pensions of employees and " \
                                      "retirees of Kaiser Steel"
    assert headline._trim_dangling("Acme forms new entity under Bates called") == "Acme forms new entity under Bates"


@pytest.mark.parametrize("lead,expected", [
    # after a name, an aside may open with any lowercase word (a job title) ...
    ("Roger Andewelt, deputy assistant attorney general for litigation, is being nominated by President Reagan.",
     "Roger Andewelt is being nominated by President Reagan"),
    # ... but not with the verb itself
    ("Renewal Fuels, Inc., announced today the appointment of John Roe, Ph.D., as Chief Technology Officer.",
     "Renewal Fuels, Inc., appoints John Roe, Ph.D., as Chief Technology Officer"),
    ("New York's Very Own PIX11 is proud to present exclusive coverage of the 116th Street Festival.",
     "New York's Very Own PIX11 presents exclusive coverage of 116th Street Festival"),
])
def test_name_asides_and_pleased_verbs(lead, expected):
    assert headline.generate(lead) == expected


def test_word_cut_keeps_an_ordinal_with_its_name():
    text = ("New York's Very Own PIX11 presents exclusive coverage of the 122nd Street Stage at the 116th Street "
            "Festival on Saturday June 7 from noon")
    assert headline._cut(text, 80).endswith("122nd Street Stage")


def test_have_agreed_to_is_not_have_to():
    assert headline.headlinese("Four Seasons and VMS have agreed to purchase the hotel") == \
        "Four Seasons and VMS to purchase hotel"
