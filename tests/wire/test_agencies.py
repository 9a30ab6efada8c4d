"""wire.agencies: canonical names, and which distributor sent a release that names several."""
import pytest

from wire import agencies


@pytest.mark.parametrize("spelled,name,kind", [
    ("PRNewswire-AsiaNet", "PR Newswire", agencies.DISTRIBUTOR),
    ("ТАСС", "TASS", agencies.AGENCY),
    ("Казинформ", "Kazinform", agencies.AGENCY),
    ("Интерфакс-Казахстан", "Interfax-Kazakhstan", agencies.AGENCY),
    ("ats afp", "ATS/AFP", agencies.AGENCY),
    ("GLOBE NEWSWIRE", "GlobeNewswire", agencies.DISTRIBUTOR),
    ("Valdoria Press Office", "Valdoria Press Office", agencies.AGENCY),   # unknown: as written
])
def test_canonical(spelled, name, kind):
    found = agencies.canonical(spelled)
    assert (found.name, found.kind) == (name, kind)


BODY = ("Quillon Harbour Authority said on Tuesday that its new ferry terminal opens in May.\n\n"
        "The terminal cost 40 million crowns.\n\n")


@pytest.mark.parametrize("tail,sender", [
    # the sender's own copy is linked; the sites that picked it up are listed after it
    ("[Original/Source Press Release](https://keycrew.co/journal/quillon-ferry)\n\n"
     "Pickup - [https://www.newsworthy.ai/curated](https://www.newsworthy.ai/curated/quillon-ferry/1)\n",
     "KeyCrew"),
    ("Pickup - [newsworthy.ai](https://newsworthy.ai/curated/quillon/2)\n\n"
     "[Original/Source Press Release](https://harbour.reportablenews.com/pr/quillon-ferry)\n", "Reportable"),
    ("Pickup - [https://www.newsworthy.ai/curated](https://www.newsworthy.ai/curated/quillon-ferry/1)\n\n"
     "[Original/Source Press Release](https://keycrew.co/journal/quillon-ferry)\n", "KeyCrew"),
    # no link to the original: a pickup line still never names the sender
    ("Picked up by: Newsworthy.ai, USANews\n\n"
     "Disclosure: companies mentioned may have a commercial relationship with KeyCrew.\n", "KeyCrew"),
    ("This release appeared first on citybiz\n", "citybiz"),
])
def test_the_sender_not_the_sites_that_picked_it_up(tail, sender):
    assert agencies.credited(BODY + tail).name == sender
