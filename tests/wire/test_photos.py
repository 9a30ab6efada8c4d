"""Photo lines in text copy become the release's pictures (figures with alt text,
og:image, JSON-LD image), not raw URLs; a site default image stands in when none."""
import datetime as dt
import json

from bs4 import BeautifulSoup

from support import build_site
from wire import convert, photos

UTC = dt.timezone.utc
RELEASE = """Samba school drops feathers from its parade

SAO PAULO, Feb. 9, 2017 /PRNewswire/ -- The Aguia de Ouro samba school will not use feathers in its parade this year, the school said on Thursday.

Photo - http://mma.example-wire.com/media/462590/Aguia_de_Ouro.jpg
Photo: The school's float in rehearsal https://cdn.example-wire.com/p/float-1200.png
Logo - http://mma.example-wire.com/media/462588/Logo.jpg
![Blockchain Registration](https://cdn.example-wire.com/qrcode/267/20/fern8eCQ.webp)

The school said the decision followed talks with animal welfare groups over the past year.
"""


def test_photo_line_shapes():
    kind, img = photos.read_line("Photo - http://mma.example-wire.com/media/1/a.jpg")
    assert kind == "image" and img.href.endswith("/a.jpg") and img.caption == ""
    assert photos.read_line("Photo: A float https://x.example.com/b.png")[1].caption == "A float"
    assert photos.read_line("![The plant](https://x.example.com/c.webp)")[1].caption == "The plant"
    assert photos.read_line("[Photo](https://x.example.com/d.jpeg?w=800)")[1].href.endswith("d.jpeg?w=800")
    assert photos.read_line("![QR code](https://x.example.com/q.png)") == ("drop", None)
    # no photo line: prose, a page link, a private host, a non-image URL
    for line in ("Photos show the float.", "[Original Release](https://x.example.com/news/1)",
                 "Photo - http://localhost/a.jpg", "Photo - https://x.example.com/gallery/12"):
        assert photos.read_line(line) is None, line


def test_photo_lines_leave_the_text_and_become_images():
    story = convert.convert(RELEASE.encode(), "s.txt", dt.datetime(2017, 2, 9, tzinfo=UTC))
    assert [i.href for i in story.images] == [
        "http://mma.example-wire.com/media/462590/Aguia_de_Ouro.jpg",
        "https://cdn.example-wire.com/p/float-1200.png",
        "http://mma.example-wire.com/media/462588/Logo.jpg"]          # photos first, the logo last
    assert story.images[1].caption == "The school's float in rehearsal"
    text = " ".join(story.paragraphs)
    assert "http" not in text and "Blockchain" not in text and "animal welfare" in text


def test_release_page_figures_alt_og_and_jsonld(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "samba.txt").write_text(RELEASE)
    (seeds / "plain.txt").write_text("Port opens berth\n\nLONDON, June 28, 2018 (Reuters) - The port opened "
                                     "a new deep-water berth on Thursday, its chief executive said.\n")
    out = build_site(tmp_path, seeds, {"SITEURL": "https://news.example.org",
                                       "SITE_DEFAULT_IMAGE": "theme/images/newsroom.png"})
    page = BeautifulSoup((out / "releases" / "samba-school-drops-feathers-from-its-parade.html").read_text(),
                         "html.parser")
    imgs = page.select("figure img")
    assert [i["src"] for i in imgs][0] == "https://mma.example-wire.com/media/462590/Aguia_de_Ouro.jpg"   # asked for over https
    assert len(imgs) == 3 and all(i.get("alt", "").strip() for i in imgs)
    assert imgs[1]["alt"] == "The school's float in rehearsal"
    assert "mma.example-wire.com" not in page.select_one(".release-body").get_text()
    assert page.find("meta", property="og:image")["content"].endswith("/Aguia_de_Ouro.jpg")
    ld = json.loads(page.find("script", type="application/ld+json").string)
    assert ld["image"][0]["url"].endswith("/Aguia_de_Ouro.jpg") and len(ld["image"]) == 3
    # a release without a picture: the site's default for og:image and JSON-LD, no figure
    plain = BeautifulSoup((out / "releases" / "port-opens-berth.html").read_text(), "html.parser")
    assert not plain.select("figure")
    assert plain.find("meta", property="og:image")["content"] == "https://news.example.org/theme/images/newsroom.png"
    assert json.loads(plain.find("script", type="application/ld+json").string)["image"] == [
        {"@type": "ImageObject", "url": "https://news.example.org/theme/images/newsroom.png"}]


# Hostile shapes for extract(): a photo line with a long run of spaces inside it (a lazy
# pattern tried each position of the run: quadratic), a giant line of URLs, a million short
# lines. The wall is a guard against a hang, not a benchmark.
def test_hostile_lines_are_read_in_linear_time():
    from wire import budget

    cases = {
        "spaces in a photo line": "Photo: http://a.example/x.jpg" + " " * 60_000 + "y)\n",
        "a giant line of URLs": "(Photo " + "http://a.example/x.jpg " * 200_000,
        "a million short lines": "(Photo\n[x](http://a)\n" * 500_000,
    }
    for name, text in cases.items():
        with budget.limit(3.0):
            body, images = photos.extract(text)
        assert images == [] and body == text, name
    # lines of a length a photo line has, each with a run of spaces: all read, each once
    text = ("Photo - http://a.example/x.jpg" + " " * 1_500 + "cap)\n") * 400
    with budget.limit(3.0):
        body, images = photos.extract(text)
    assert len(images) == 400 and images[0].caption == "cap" and not body.strip()
    # a real photo line among a million short lines is still found
    text = "a\n" * 1_000_000 + "Photo - http://mma.example-wire.com/media/1/a.jpg\n" + "b\n" * 10
    with budget.limit(3.0):
        body, images = photos.extract(text)
    assert [i.href for i in images] == ["http://mma.example-wire.com/media/1/a.jpg"] and "Photo" not in body
