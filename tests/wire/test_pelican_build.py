"""The plugin in a real Pelican build: seeds become release pages; embargoes hold."""
import datetime as dt
import subprocess

from bs4 import BeautifulSoup

from support import ROOT, build_site, copy_seeds


def test_seeds_build_into_release_pages(tmp_path):
    seeds = copy_seeds(tmp_path / "seeds")
    out = build_site(tmp_path, seeds)
    pages = sorted((out / "releases").glob("*.html"))
    assert len(pages) == len(list(seeds.iterdir()))
    sample = next(p for p in pages if "abdrakhmanov" in p.name)
    soup = BeautifulSoup(sample.read_text(), "html.parser")
    text = soup.get_text(" ")
    assert "Kazinform" in text and "ASTANA" in text and "Kairat Abdrakhmanov" in text
    assert soup.find("time", attrs={"datetime": lambda v: v and v.startswith("2018-06-28")})
    tags = {a.get_text(strip=True) for a in soup.select("a[href*='tag/']")}
    assert {"Kazakhstan", "United States", "Michael Pompeo", "Kairat Abdrakhmanov"} <= tags


def test_script_in_wire_text_is_shown_not_run(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "x.txt").write_text(
        "Alert <script>alert(1)</script> in headline\n\nNEW YORK, March 3, 2026 (Reuters) - The text "
        "has <script>alert('body')</script> and <img src=x onerror=alert(2)> and *stars* inside it.\n")
    out = build_site(tmp_path, seeds)
    [page] = (out / "releases").glob("*.html")
    soup = BeautifulSoup(page.read_text(), "html.parser")
    runnable = [s.get_text() for s in soup.find_all("script") if s.get("type") != "application/ld+json"]
    assert not any("alert" in s for s in runnable)
    # JSON-LD may carry the text, but never a raw "</script" that would end its element
    assert all("</script" not in s.get_text().lower() for s in soup.find_all("script"))
    assert not soup.find("img", attrs={"onerror": True})
    assert "<script>alert('body')</script>" in soup.get_text()
    assert "*stars*" in soup.get_text()


def test_embargoed_release_waits_for_its_moment(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    soon = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=3)
    (seeds / "e.txt").write_text(
        f"EMBARGOED UNTIL {soon:%H:%M} GMT, {soon:%d %B %Y}\n\nAcme unveils a rocket\n\n"
        "NEW YORK, March 3, 2026 (Reuters) - Acme Corp unveiled a reusable rocket on Tuesday, "
        "the company said in a statement.\n")
    (seeds / "p.txt").write_text("Beta opens a shop\n\nLONDON, March 3, 2026 (Reuters) - Beta opened a "
                                 "shop in the city centre on Tuesday, the company said.\n")
    out = build_site(tmp_path, seeds)
    published = {p.name for p in (out / "releases").glob("*.html")}
    assert published == {"beta-opens-a-shop.html"}
    md = (tmp_path / "content" / "releases" / "acme-unveils-a-rocket.md").read_text()
    assert f"Embargo: {soon:%Y-%m-%d}" in md
    # the first build after the embargo publishes it (same Markdown, a later clock)
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=4)
    out = build_site(tmp_path, seeds, {"WITH_FUTURE_DATES": True} if later > soon else {})
    assert "acme-unveils-a-rocket.html" in {p.name for p in (out / "releases").glob("*.html")}


def test_editor_change_survives_a_rebuild(tmp_path):
    seeds = copy_seeds(tmp_path / "seeds", ["002_harbor_council_agency.txt"])
    build_site(tmp_path, seeds)
    [md] = (tmp_path / "content" / "releases").glob("*.md")
    md.write_text(md.read_text().replace("Title: Harbor council approves ferry link to Kestrel Island",
                                         "Title: Ferry to Kestrel Island approved"))
    (seeds / "002_harbor_council_agency.txt").write_text(
        (seeds / "002_harbor_council_agency.txt").read_text() + "\n    A late paragraph was added.\n")
    out = build_site(tmp_path, seeds)
    [page] = (out / "releases").glob("*.html")
    assert "Ferry to Kestrel Island approved" in page.read_text()


def test_invoke_ingest_command(tmp_path):
    seeds = copy_seeds(tmp_path / "seeds")
    content = tmp_path / "content"
    proc = subprocess.run([str(ROOT / ".venv" / "bin" / "invoke"), "ingest", "--seeds", str(seeds),
                           "--content", str(content)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "converted" in proc.stderr
    assert len(list((content / "releases").glob("*.md"))) == len(list(seeds.iterdir()))
    (seeds / "bad.txt").write_bytes(b"")
    proc = subprocess.run([str(ROOT / ".venv" / "bin" / "invoke"), "ingest", "--seeds", str(seeds),
                           "--content", str(content), "--strict"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode != 0 and "bad.txt" in proc.stderr


def test_month_archives_with_stories_in_different_time_zones(tmp_path):
    """Stories filed around midnight in different zones: each month archive written once."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name, dl in [("a", "NEW YORK, January 31, 2024 11:00 PM EST (Reuters)"),
                     ("b", "ASTANA, February 1, 2024 08:00 GMT+6 (Kazinform)"),
                     ("c", "LONDON, January 31, 2024 23:00 GMT (Reuters)")]:
        (seeds / f"{name}.txt").write_text(f"Story {name} about the budget\n\n{dl} - The city council "
                                           f"approved its budget for the year on a close vote, officials said.\n")
    out = build_site(tmp_path, seeds)
    jan = (out / "archives" / "2024" / "01" / "index.html").read_text()
    feb = (out / "archives" / "2024" / "02" / "index.html").read_text()
    assert "Story a" in jan and "Story c" in jan and "Story b" in feb and "Story b" not in jan


def test_entities_in_a_wire_headline_show_as_the_text_they_mean(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "q.txt").write_text("Q&amp;A with Acme&#8217;s chief\n\nNEW YORK, March 3, 2026 (Reuters) - "
                                 "Acme &amp; Beta answered questions from readers on Tuesday, the company said.\n")
    out = build_site(tmp_path, seeds)
    [page] = (out / "releases").glob("*.html")
    soup = BeautifulSoup(page.read_text(), "html.parser")
    assert soup.find("h1").get_text(strip=True) == "Q&A with Acme’s chief"
    assert "Acme & Beta answered" in soup.get_text()
    assert "&amp;" not in soup.get_text()
