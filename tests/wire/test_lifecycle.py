"""A story's life at ingest (wire.lifecycle): a new version replaces its release in place,
an older one arriving late does not win, a kill withdraws the story, copies stay one
release, different stories under one headline stay two, and an edited release keeps the
editor's text while the new version waits beside it."""
import datetime as dt
import json
import logging
import re

from wire import identity, lifecycle, mdwriter, records, slugs
from wire import store as store_mod
from wire.ingest import Prepared, ingest_folder
from wire.lifecycle import INDEX, Lifecycle, get_meta
from wire.store import Store
from wire.story import Story


def reuters(headline, place="HARROWMERE, Estavia", note=None, lead=None, extra=""):
    lead = lead or ("A fire broke out at the main blast furnace of Harrowmere Steelworks on Tuesday, forcing "
                    "the company to halt production at its largest plant, a spokeswoman said.")
    parts = [headline, ""] + ([note, ""] if note else []) + [
        f"{place}, March 4 (Reuters) - {lead}", "",
        "Harrowmere Steelworks, Estavia's second-largest steel producer, accounts for about a fifth of "
        "the country's crude steel output." + extra, "", "(Reporting by Tomas Velinder; Editing by Clara Dunmore)", ""]
    return "\n".join(parts)


ORIGINAL = reuters("Fire halts production at Estavian steelmaker's Harrowmere plant")
UPDATE1 = reuters("UPDATE 1-Fire at Estavian steel plant kills two workers, output halted for weeks",
                  note="(Adds casualties, company statement)",
                  lead="A fire at the main blast furnace of Harrowmere Steelworks killed two workers on Tuesday "
                       "and will halt production at the plant for at least three weeks, the company said.")
CORRECTED = reuters("CORRECTED-Fire halts production at Estavian steelmaker's Harrowmere plant",
                    note="(Corrects day of fire to Tuesday from Monday in paragraph 1)")


def write(seeds, name, text):
    seeds.mkdir(exist_ok=True)
    (seeds / name).write_bytes(text.encode() if isinstance(text, str) else text)


def listed(content):
    """Releases the site lists (what wire-eval --lifecycle counts)."""
    out = []
    for md in sorted((content / "releases").glob("*.md")):
        text = md.read_text()
        if (get_meta(text, "Status") or "published").lower() not in ("draft", "hidden", "skip"):
            out.append(md)
    return out


def step(seeds, content, name, text):
    write(seeds, name, text)
    return ingest_folder(seeds, content)


def test_update_replaces_the_release_in_place(tmp_path):
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    step(seeds, content, "fire.txt", ORIGINAL)
    [first] = listed(content)
    first_text = first.read_text()
    report = step(seeds, content, "fire-update1.txt", UPDATE1)
    [now] = listed(content)
    text = now.read_text()
    assert now == first                                           # same file, slug, URL
    assert get_meta(text, "Title").startswith("UPDATE 1-Fire at Estavian steel plant kills two")
    assert get_meta(text, "Wire-Source") == "fire-update1.txt"    # names its latest wire file
    assert get_meta(text, "Slug") == first.stem
    assert get_meta(text, "Date") == get_meta(first_text, "Date")     # first published
    assert get_meta(text, "Modified") and get_meta(text, "Version") == "2"
    assert get_meta(text, "First-Hash") == get_meta(first_text, "Wire-Hash")   # the feed id stays
    assert "killed two workers" in text
    kept = content / "versions" / f"{first.stem}--v1.md"          # the earlier version stays readable
    old = kept.read_text()
    assert get_meta(old, "Status") == "hidden" and get_meta(old, "Version-Of") == first.stem
    assert "forcing the company to halt production" in old
    assert report.lifecycle.updated == [("fire-update1.txt", f"releases/{first.name}")]
    # nothing to do on the next run, and our own rewrite is not taken for an editor's
    again = ingest_folder(seeds, content)
    assert sorted(again.unchanged) == ["fire-update1.txt", "fire.txt"] and not again.kept


def test_correction_carries_the_agencys_note(tmp_path):
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    step(seeds, content, "fire.txt", ORIGINAL)
    step(seeds, content, "fire-corrected.txt", CORRECTED)
    [release] = listed(content)
    assert get_meta(release.read_text(), "Correction") == "Corrects day of fire to Tuesday from Monday in paragraph 1"
    assert "Corrects day" not in lifecycle.split(release.read_text())[1]    # a line of the page, not the lead


def test_a_correction_arriving_first_says_so_too(tmp_path):
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    step(seeds, content, "fire-corrected.txt", CORRECTED)
    [release] = listed(content)
    assert get_meta(release.read_text(), "Correction").startswith("Corrects day of fire")


def test_an_older_version_arriving_late_does_not_win(tmp_path, caplog):
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    step(seeds, content, "b-update1.txt", UPDATE1)
    with caplog.at_level(logging.INFO, logger="wire"):
        report = step(seeds, content, "a-first.txt", ORIGINAL)
    [release] = listed(content)
    assert get_meta(release.read_text(), "Wire-Source") == "b-update1.txt"
    assert report.lifecycle.superseded == [("a-first.txt", f"releases/{release.name}")]
    assert any("older version" in r.getMessage() and "a-first.txt" in r.getMessage() for r in caplog.records)


def test_versions_in_one_run_in_any_file_order(tmp_path):
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    write(seeds, "1.txt", UPDATE1)
    write(seeds, "2.txt", ORIGINAL)
    write(seeds, "3.txt", CORRECTED)
    ingest_folder(seeds, content)
    [release] = listed(content)
    assert get_meta(release.read_text(), "Wire-Source") == "1.txt"    # UPDATE 1 is the newest


AP_STORY = ("\x16\x16\x01a0410\x1f-----\nr a\x13\x11 BC-AS--Norhaven-Mayor   09-02 0240\r\n"
            "\x02BC-AS--Norhaven-Mayor,240< \r\n^Norhaven mayor resigns amid budget dispute< \r\n"
            "\t   NORHAVEN, Quillon (AP) _ The mayor of Norhaven resigned Tuesday after the city council "
            "rejected his budget for a third time, city officials said. \r\n\r\n\t   \x03AP-WF-09-02-25 0412GMT<\r\n\x04")
AP_KILL = ("\x16\x16\x01a0433\x1f-----\nr a\x13\x11 BC-AS--Norhaven-Mayor, KILL   09-02 0000\r\n"
           "\x02BC-AS--Norhaven-Mayor, KILL< \r\n^URGENT< \r\n^KILL< \r\n"
           "^Editors: KILL BC-AS--Norhaven-Mayor, moved at 0412 GMT.< \r\n"
           "^The story is being withdrawn because the mayor has not resigned.< \r\n"
           "\r\n\t   \x03AP-WF-09-02-25 0501GMT<\r\n\x04")


def test_kill_withdraws_the_story(tmp_path, caplog):
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    step(seeds, content, "ap-a0410.tst", AP_STORY)
    [release] = listed(content)
    with caplog.at_level(logging.INFO, logger="wire"):
        report = step(seeds, content, "ap-a0433.tst", AP_KILL)
    assert listed(content) == []
    text = release.read_text()
    assert get_meta(text, "Status") == "hidden" and get_meta(text, "Withdrawn") == "2025-09-02T05:01:00+00:00"
    assert get_meta(text, "Wire-Source") == "ap-a0433.tst" and get_meta(text, "Summary") is None
    body = lifecycle.split(text)[1]
    assert body.strip() == "This story has been withdrawn by AP at 05:01 UTC on September 2, 2025."
    assert "mayor" not in body and "Norhaven mayor" not in get_meta(text, "Title")
    assert report.lifecycle.withdrawn == [("ap-a0433.tst", f"releases/{release.name}")]
    assert any("WITHDRAWN" in r.getMessage() and release.name in r.getMessage() for r in caplog.records)
    assert not ingest_folder(seeds, content).converted           # settled


def test_a_kill_before_its_story_keeps_it_off_the_site(tmp_path):
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    report = step(seeds, content, "ap-a0433.tst", AP_KILL)
    assert report.lifecycle.withdrawn and listed(content) == []
    step(seeds, content, "ap-a0410.tst", AP_STORY)
    assert listed(content) == []
    assert not ingest_folder(seeds, content).converted           # the kill file is settled too


def test_kill_after_an_update_removes_every_version(tmp_path):
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    step(seeds, content, "fire.txt", ORIGINAL)
    step(seeds, content, "fire-update1.txt", UPDATE1)
    assert list((content / "versions").glob("*.md"))
    step(seeds, content, "fire-kill.txt", "KILL-Fire at Estavian steel plant kills two workers, output halted for "
         "weeks\n\nHARROWMERE, Estavia, March 4 (Reuters) - Please make certain the story is not used.\n")
    assert listed(content) == [] and not list((content / "versions").glob("*.md"))


def test_a_byte_identical_resend_is_one_release(tmp_path):
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    step(seeds, content, "RTRS-0412.txt", ORIGINAL)
    report = step(seeds, content, "RTRS-0412-resend.txt", ORIGINAL)
    assert len(listed(content)) == 1
    assert report.lifecycle.duplicates == [("RTRS-0412-resend.txt", f"releases/{listed(content)[0].name}")]
    assert not ingest_folder(seeds, content).converted
    # the re-send leaves its own Markdown outside what Pelican reads, naming the release
    [kept] = (content / lifecycle.RECEIVED).glob("*.md")
    text = kept.read_text()
    assert get_meta(text, "Wire-Source") == "RTRS-0412-resend.txt" and get_meta(text, "Status") == "hidden"
    assert get_meta(text, "Received-For") == f"releases/{listed(content)[0].name}"


def test_the_same_story_under_another_name_is_one_release(tmp_path):
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    write(seeds, "a.txt", ORIGINAL)
    write(seeds, "b-rpt.txt", reuters("RPT-Fire halts production at Estavian steelmaker's Harrowmere plant",
                                      note="(Repeats story first published on Tuesday with no changes to text)"))
    ingest_folder(seeds, content)
    [release] = listed(content)
    assert get_meta(release.read_text(), "Wire-Source") == "a.txt"      # a repeat changes nothing


def test_two_stories_with_one_headline_stay_two(tmp_path):
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    head = "Fire breaks out at chemical plant, no injuries reported"
    step(seeds, content, "caldera.txt", reuters(head, place="CALDERA POINT, Valdoria",
                                                lead="A fire broke out on Tuesday at a plant run by Caldera "
                                                     "Chemicals, the company said, adding that no one was hurt."))
    step(seeds, content, "oriel.txt", reuters(head, place="SAINT-ORIEL, Estavia",
                                              lead="Fire broke out at the Oriel Polymers plant early on Friday, "
                                                   "the fire service said; all 60 night-shift workers got out."))
    # the same headline and place, another company's news: still another story
    step(seeds, content, "velasport.txt",
         "Board of Directors Declares Quarterly Cash Dividend\n\nDUNMARROW, Estavia, Jan. 15, 2025 (GLOBE "
         "NEWSWIRE) -- Tarnwick Bancorp, Inc. today announced a quarterly cash dividend of $0.32 per share, "
         "payable on February 28, 2025.\n\nTarnwick Bancorp operates 22 branches in the Dunmarrow region.\n")
    step(seeds, content, "tarnwick.txt",
         "Board of Directors Declares Quarterly Cash Dividend\n\nDUNMARROW, Estavia, Jan. 16, 2025 (GLOBE "
         "NEWSWIRE) -- Velasport Utilities Corp. today announced a quarterly cash dividend of $0.47 per share, "
         "payable on March 14, 2025.\n\nVelasport Utilities supplies water to 400,000 customers in the south.\n")
    assert len(listed(content)) == 4


def test_an_edited_release_keeps_the_edit_and_the_new_version_waits(tmp_path, caplog):
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    step(seeds, content, "fire.txt", ORIGINAL)
    [release] = listed(content)
    edited = release.read_text().replace("a spokeswoman said", "spokeswoman Ilse Marrant said")
    release.write_text(edited)
    with caplog.at_level(logging.INFO, logger="wire"):
        report = step(seeds, content, "fire-update1.txt", UPDATE1)
    assert release.read_text() == edited                          # the editor's file, untouched
    incoming = content / "incoming" / f"{release.stem}.incoming.md"
    assert "killed two workers" in incoming.read_text()
    assert get_meta(incoming.read_text(), "Slug") == release.stem
    assert report.lifecycle.conflicts == [("fire-update1.txt", f"releases/{release.name}",
                                           f"incoming/{release.stem}.incoming.md")]
    assert any("CONFLICT" in r.getMessage() and release.name in r.getMessage() for r in caplog.records)
    # the conflict is named on every build until an editor merges it and deletes the file
    again = ingest_folder(seeds, content)
    assert again.conflicts == [(f"releases/{release.name}", f"incoming/{release.stem}.incoming.md")]
    assert "fire-update1.txt" in again.kept
    incoming.unlink()
    assert ingest_folder(seeds, content).conflicts == []


def test_the_story_index_is_rebuilt_from_the_releases(tmp_path):
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    step(seeds, content, "fire.txt", ORIGINAL)
    (content / INDEX).unlink()
    step(seeds, content, "fire-corrected.txt", CORRECTED)
    [release] = listed(content)
    assert get_meta(release.read_text(), "Wire-Source") == "fire-corrected.txt"
    (content / INDEX).write_text("{not json")
    assert Lifecycle.open(content).stories                       # unreadable: rebuilt, not fatal


# --- structured items (guid, version, pubStatus) through the same lifecycle -----------------

NOW = dt.datetime(2018, 1, 21, 18, 0, tzinfo=dt.timezone.utc)


def g2(version, hours=0, status="usable", headline="Pope Francis leaves Peru at end of Latin American trip",
       text="Pope Francis left Peru on Sunday at the end of a week-long trip to Latin America."):
    return Story(headline=headline, headline_generated=False, date=NOW, date_note=None, dateline="LIMA",
                 source="Reuters", category="News", tags=[], summary=text, paragraphs=[text] if text else [],
                 wire_format="newsml-g2", guid="tag:reuters.com,2018:newsml_L2N1PH00M", version=version,
                 version_created=NOW + dt.timedelta(hours=hours), pub_status=status)


def place_story(story, name, content, store, life, taken):
    """What ingest does with a converted story: render it, then let the lifecycle place it."""
    story.wire_source, story.wire_hash = name, "sha256:" + name
    ident = identity.identify(story)
    story.story_id = ident.story_id
    slug = slugs.slug_for(story.headline)
    text = mdwriter.render(story, slug).encode()
    (content / "releases").mkdir(parents=True, exist_ok=True)
    tmp = store_mod.temp_path(content / "releases", name)
    store_mod.write_new(tmp, text)
    prepared = Prepared(slug, tmp, store_mod.sha(text), [], story.wire_hash, ident)
    if not life.place(name, story.wire_hash, prepared, store, taken):
        relpath = f"releases/{slugs.unique(slug, taken)}.md"
        store.commit(name, story.wire_hash, relpath, tmp, prepared.markdown_hash, 2)
        life.published(name, story.wire_hash, prepared, relpath, prepared.markdown_hash)


def test_structured_versions_duplicates_and_cancel(tmp_path):
    content = tmp_path / "content"
    store, life, taken = Store.open(content), Lifecycle.open(content), set()
    place_story(g2("1"), "v1.xml", content, store, life, taken)
    place_story(g2("1", hours=0), "v1-again.xml", content, store, life, taken)      # same guid, same version
    assert [name for name, _ in life.report.duplicates] == ["v1-again.xml"]
    place_story(g2("2", hours=2, headline="UPDATE 1-Pope leaves Peru"), "v2.xml", content, store, life, taken)
    place_story(g2("1", hours=5), "v1-late.xml", content, store, life, taken)      # lower version, later time
    [release] = listed(content)
    assert get_meta(release.read_text(), "Wire-Source") == "v2.xml"
    assert [name for name, _ in life.report.superseded] == ["v1-late.xml"]
    place_story(g2("3", hours=3, status="canceled", text=""), "v3.xml", content, store, life, taken)
    assert listed(content) == [] and get_meta(release.read_text(), "Status") == "hidden"
    life.save()
    saved = lifecycle.saved_stories(content)
    assert saved["guid:tag:reuters.com,2018:newsml_L2N1PH00M"]["status"] == "withdrawn"


def test_an_edited_release_whose_wire_file_is_overwritten_keeps_the_edit(tmp_path):
    """AP delivers its writethru under the story's own file name: the edit is kept all the same."""
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    step(seeds, content, "BC-Harrowmere-Fire.txt", ORIGINAL)
    [release] = listed(content)
    edited = release.read_text().replace("a spokeswoman said", "spokeswoman Ilse Marrant said")
    release.write_text(edited)
    report = step(seeds, content, "BC-Harrowmere-Fire.txt", UPDATE1)
    assert release.read_text() == edited and len(listed(content)) == 1
    assert "killed two workers" in (content / "incoming" / f"{release.stem}.incoming.md").read_text()
    assert report.conflicts and report.lifecycle.conflicts[0][0] == "BC-Harrowmere-Fire.txt"
    assert "BC-Harrowmere-Fire.txt" in ingest_folder(seeds, content).kept


def test_a_kill_that_quotes_its_story_withdraws_that_one_only(tmp_path):
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    step(seeds, content, "strike.txt", reuters("Dock workers in Harrowmere vote to strike over pay",
                                               lead="Dock workers at the port of Harrowmere voted on Tuesday "
                                                    "to strike next week over pay, their union said."))
    step(seeds, content, "fire.txt", ORIGINAL)          # the agency's second story of the place and day
    assert len(listed(content)) == 2
    step(seeds, content, "kill.txt", "KILL-Story withdrawn\n\nHARROWMERE, Estavia, March 4 (Reuters) - The story "
         "headlined \"Fire halts production at Estavian steelmaker's Harrowmere plant\" is withdrawn. "
         "Please make certain the story is not used.\n")
    [left] = listed(content)
    assert "dock workers" in left.read_text().lower()


def test_reconverting_keeps_each_release_and_its_history(tmp_path):
    """--force (or a new converter) renders every release again: an updated one keeps its
    Modified, Version and earlier versions; a plain one is rewritten, not taken for a copy."""
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    step(seeds, content, "fire.txt", ORIGINAL)
    step(seeds, content, "fire-corrected.txt", CORRECTED)
    step(seeds, content, "other.txt", "Dock workers in Harrowmere vote to strike over pay\n\nHARROWMERE, "
         "Estavia, March 4 (Reuters) - Dock workers at the port of Harrowmere voted on Tuesday to strike next "
         "week over pay, their union said, threatening exports of timber and grain.\n")
    fire, other = (content / "releases" / f"{n}.md" for n in (
        "fire-halts-production-at-estavian-steelmaker-s-harrowmere-plant", "dock-workers-in-harrowmere-vote-to-strike-over-pay"))
    before = fire.read_text()
    for md in (fire, other):      # as an older converter would have left them
        md.write_text(md.read_text().replace("Category: News", "Category: Old"))
    store = Store.open(content)
    for name, entry in list(store.entries.items()):
        store.update(name, store_mod.Entry(**{**vars(entry), "markdown_hash": store_mod.sha(
            (content / entry.markdown).read_bytes())}))
    store.save()
    life = Lifecycle.open(content)
    for sid, rec in life.stories.items():
        life.stories[sid] = {**rec, "hash": store_mod.sha((content / rec["release"]).read_bytes())}
    life.save()
    del store, life
    report = ingest_folder(seeds, content, force=True)
    assert not report.kept
    assert fire.read_text() == before and "Category: News" in other.read_text()
    assert len(listed(content)) == 2 and len(list((content / "versions").glob("*.md"))) == 1


def test_another_story_of_the_place_and_day_is_not_taken_for_an_old_version(tmp_path):
    """After UPDATE 1 of one story, an unmarked story of the same agency, place and day that
    shares its boilerplate is a story of its own, not a late first version."""
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    step(seeds, content, "fire.txt", ORIGINAL)
    step(seeds, content, "fire-update1.txt", UPDATE1)
    step(seeds, content, "output.txt", "Estavian steel output to fall in March, ministry says\n\nHARROWMERE, "
         "Estavia, March 4 (Reuters) - Estavia's steel output will fall by a tenth in March, the industry "
         "ministry said on Tuesday, citing weak demand from carmakers and the fire at the Harrowmere plant.\n\n"
         "The ministry cut its forecast for the year to 11 million tonnes.\n\n"
         "(Reporting by Tomas Velinder; Editing by Clara Dunmore)\n")
    assert len(listed(content)) == 2


# --- the story index: a table, looked up by the row (lifecycle.Stories) ---------------------

def _table(tmp_path):
    db, fresh = records.connect(tmp_path / "stories.sqlite", lifecycle.STORIES_SCHEMA, lifecycle.STORIES_VERSION)
    assert fresh
    return lifecycle.Stories(db)


def _scan(stories, agency, place, day):
    """What find() did before the index: every story of the place (or, with no place, of the
    agency), kept when near the day; oldest first."""
    return [sid for sid, rec in stories.items() if rec["agency"] == agency
            and (place is None or rec["place"] == place) and lifecycle._near(rec["day"], day)]


def test_near_finds_what_a_scan_of_every_story_finds_in_the_same_order(tmp_path):
    import random

    rnd = random.Random(9)
    days = ["", "no date", "2018-06-28T10:00:00+06:00", "0001-01-02", "9999-12-30"] + [
        (dt.date(2018, 6, 1) + dt.timedelta(days=rnd.randrange(40))).isoformat() for _ in range(30)]
    agencies, places = ["kazinform", "reuters", ""], ["ASTANA", "ALMATY", "", "LONDON"]
    table, stories = _table(tmp_path), {}
    for i in range(3000):
        sid = f"s{rnd.randrange(2500)}"          # some changed again: a story moves with its record
        rec = {"agency": rnd.choice(agencies), "place": rnd.choice(places), "day": rnd.choice(days)}
        stories.setdefault(sid, {}).update(rec)
        table[sid] = dict(rec)
        if i % 500 == 0:
            table.changes()                      # as the ingest does after each wire file
    for _ in range(400):
        agency, place, day = rnd.choice(agencies), rnd.choice(places), rnd.choice(days)
        assert table.near(agency, place or None, day) == _scan(stories, agency, place or None, day), \
            (agency, place, day)


def test_near_looks_up_the_days_of_the_window_in_an_index_not_the_whole_archive(tmp_path):
    # an agency filing 100 stories a day from one city for three years
    table = _table(tmp_path)
    start = dt.date(2024, 1, 1)
    for i in range(100_000):
        table[f"s{i}"] = {"agency": "kazinform", "place": "ASTANA",
                          "day": (start + dt.timedelta(days=i // 100)).isoformat()}
    table.changes()
    near = table.near("kazinform", "ASTANA", (start + dt.timedelta(days=500)).isoformat())
    assert len(near) == 100 * (2 * lifecycle.MATCH_DAYS + 1)
    assert table.near("kazinform", None, (start + dt.timedelta(days=500)).isoformat()) == near
    # sqlite's plan for each look-up the lifecycle makes: a search of an index, never a scan
    ran = []
    table.db.set_trace_callback(ran.append)
    table.near("kazinform", "ASTANA", "2025-05-15")
    table.near("kazinform", None, "2025-05-15")
    table.near("kazinform", "ASTANA", "")
    table.with_key("slug:k"), table.with_hash("h"), table.with_release("releases/r.md"), table.with_incoming()
    "s5" in table
    table.db.set_trace_callback(None)
    selects = [sql for sql in ran if sql.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 8, ran
    for sql in selects:
        plan = [row[-1] for row in table.db.execute("EXPLAIN QUERY PLAN " + sql)]
        assert plan and all(step.startswith(("SEARCH", "USE TEMP B-TREE")) for step in plan), (sql, plan)
        # ... by every column the query names (an index on the agency alone would read all
        # of an agency's stories for a story with no dateline)
        where = sql.partition(" WHERE ")[2]
        for column in re.findall(r"(\w+) (?:=|IN) ", where):
            assert f"{column}=?" in plan[0], (sql, plan)


def test_a_record_changed_in_place_is_written_back_and_its_index_follows(tmp_path):
    table = _table(tmp_path)
    table["a"] = {"release": "releases/a.md", "keys": ["slug:a"], "hashes": ["h1"], "agency": "x", "place": "P",
                  "day": "2024-01-01"}
    assert table.changes() == {"a": table["a"]}
    rec = table["a"]                     # the lifecycle changes what it looked up, in place
    rec["keys"].append("guid:a")
    rec["hashes"] = ["h2"]
    rec["incoming"] = "incoming/a.incoming.md"
    assert table.with_key("guid:a") == ["a"] and table.with_hash("h2") == "a" and table.with_hash("h1") is None
    assert table.with_incoming() == [("a", "releases/a.md", "incoming/a.incoming.md")]
    assert list(table.changes()) == ["a"]
    table["a"]                           # only read: nothing to journal
    assert table.changes() == {}
    table.pop("a")
    assert table.changes() == {"a": None} and table.with_key("slug:a") == [] and "a" not in table


def test_the_json_index_of_an_earlier_version_is_taken_in_once(tmp_path):
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    step(seeds, content, "fire.txt", ORIGINAL)
    stories = lifecycle.saved_stories(content)
    (content / INDEX).unlink()
    legacy = dict(stories)
    [sid] = legacy
    legacy[sid] = {**legacy[sid], "keys": legacy[sid]["keys"] + ["slug:only-in-the-json"]}
    (content / lifecycle.LEGACY_INDEX).write_text(json.dumps({"stories": legacy}))
    step(seeds, content, "fire-corrected.txt", CORRECTED)
    assert not (content / lifecycle.LEGACY_INDEX).exists()
    saved = lifecycle.saved_stories(content)
    assert "slug:only-in-the-json" in saved[sid]["keys"]      # from the JSON, not rebuilt from releases
    [release] = listed(content)
    assert get_meta(release.read_text(), "Wire-Source") == "fire-corrected.txt"
