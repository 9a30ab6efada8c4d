"""Accessibility and quality in Chromium: axe-core (npm, injected through Playwright) on
every page type in light and dark mode; Lighthouse (npm) on a release page, mobile."""
from __future__ import annotations

import json
import os
import subprocess

import pytest

from chromium_env import CHROMIUM, FLAGS, require as _require
from newsroom_site import TRANSLATED_SLUG, slug_of

GERMAN_WIRE_FILE = "004_berlin_buses_dpa_cp1252.txt"   # the client's sample: dpa, in German

pytestmark = pytest.mark.browser



def page_types(site):
    """Every page type, and those that exist in other languages (listings and releases) in
    each shipped one (kk, ru: our test stories; de: the sample's dpa story)."""
    out = site.output
    first = lambda folder: sorted((out / folder).glob("*.html"))[0].relative_to(out).as_posix()
    year = sorted(out.glob("archives/[0-9]*/index.html"))[-1].parent
    month = sorted(year.glob("[0-9]*/index.html"))[-1].parent
    return {
        "index": "", "index-page-2": "page/1.html",
        "release": f"releases/{site.seed_slug}.html",
        "tag": first("tag"), "tags": "tags.html",
        "category": first("category"), "categories": "categories.html",
        "source": "source/kazinform.html", "sources": "sources.html",
        "archives": "archives.html", "year": year.relative_to(out).as_posix() + "/",
        "month": month.relative_to(out).as_posix() + "/",
        "search": "search.html?q=kazakhstan", "404": "no-such-page.html",
        "search-filtered": "search.html?source=Kazinform&language=en&sort=newest",
        "subscribe": "subscribe.html",
        "page": "pages/about-this-newsroom.html",
        **{f"index-{lang}": f"{lang}/" for lang in ("kk", "ru", "de")},
        **{f"release-{lang}": f"releases/{TRANSLATED_SLUG}-{lang}.html" for lang in ("kk", "ru")},
        "release-de": f"releases/{slug_of(list((site.content / 'releases').glob('*.md')), GERMAN_WIRE_FILE)}.html",
    }


def axe_violations(page, node_modules):
    page.add_script_tag(path=str(node_modules / "axe-core" / "axe.min.js"))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ["violations"]});
        return r.violations.map(v => ({id: v.id, impact: v.impact,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
    }""")
    return [v for v in result if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("scheme, width", [("light", 360), ("dark", 1440)])
def test_axe_no_serious_or_critical_violations(site, page, node_modules, scheme, width):
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": width, "height": 900})
    found, overflow = {}, {}
    for name, path in page_types(site).items():
        response = page.goto(f"{site.siteurl}/{path}")
        assert response.status == (404 if name == "404" else 200), name
        if name.startswith("search"):
            page.locator("#search-results li").first.wait_for()
        bad = axe_violations(page, node_modules)
        if bad:
            found[name] = bad
        # Responsive: nothing wider than a 360 px phone (or the wide screen).
        extra = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if extra > 0:
            overflow[name] = extra
    assert found == {}
    assert overflow == {}
    assert page.js_errors == []


def lighthouse(site, node_modules, path, artifacts, name):
    """Lighthouse (mobile) on one page: its four scores and the audits that fell short."""
    _require(os.path.exists(CHROMIUM), CHROMIUM)
    report = artifacts / f"lighthouse-{name}.json"
    cli = node_modules / "lighthouse" / "cli" / "index.js"
    cmd = ["node", str(cli), f"{site.siteurl}/{path}",
           "--output=json", f"--output-path={report}", "--quiet",
           "--form-factor=mobile", "--screenEmulation.mobile",
           "--only-categories=performance,accessibility,best-practices,seo",
           "--chrome-flags=" + " ".join(FLAGS)]
    done = subprocess.run(cmd, env=dict(os.environ, CHROME_PATH=CHROMIUM),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    data = json.loads(report.read_text())
    scores = {k: round(v["score"] * 100) for k, v in data["categories"].items()}
    failing = {a["id"]: a.get("title") for a in data["audits"].values()
               if a.get("score") is not None and a["score"] < 1
               and a.get("scoreDisplayMode") in ("binary", "metricSavings")}
    return scores, failing


def lighthouse_pages(site):
    tag = sorted((site.output / "tag").glob("*.html"))[0].name
    # the Russian listing: <html lang="ru">, Russian navigation and dates, the language switch
    return {"home": "", "release": f"releases/{site.seed_slug}.html", "tag": f"tag/{tag}",
            "listing-ru": "ru/"}


@pytest.mark.parametrize("name", ["home", "release", "tag", "listing-ru"])
def test_lighthouse_mobile(site, node_modules, artifacts, name):
    scores, failing = lighthouse(site, node_modules, lighthouse_pages(site)[name], artifacts, name)
    (artifacts / f"lighthouse-scores-{name}.json").write_text(json.dumps(scores, indent=2))
    assert scores["accessibility"] == 100, failing
    assert scores["seo"] == 100, failing
    assert scores["best-practices"] == 100, failing
    assert scores["performance"] >= 95, failing


def test_axe_does_report_a_broken_page(page, node_modules):
    # Control: the injected axe finds a critical violation on a page made to have one.
    page.set_content('<!DOCTYPE html><html lang="en"><title>x</title><body><main>'
                     '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>')
    assert "image-alt" in {v["id"] for v in axe_violations(page, node_modules)}


def test_print_stylesheet_keeps_the_release_only(site, page):
    page.goto(f"{site.siteurl}/releases/{site.seed_slug}.html")
    page.emulate_media(media="print")
    shown = lambda sel: page.eval_on_selector(sel, "e => getComputedStyle(e).display") != "none"
    assert shown(".release-body") and shown("article.release h1")
    assert not shown(".site-nav") and not shown(".search-box") and not shown(".prev-next")
    assert not shown(".site-footer")
    page.emulate_media(media="screen")
    assert shown(".site-nav")
