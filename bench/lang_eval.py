"""Language identifiers measured on the real corpus: accuracy and speed.

    .venv/bin/python bench/lang_eval.py [--corpus ../shared/wire-corpus]

Truth: the `lang` a case states (dev and structured cases), and English for the
Reuters-21578 group (an English wire). Text: the wire text (dev) or the XML/JSON item's
text content (structured). Each detector sees what the ingest would give it: the first
paragraphs of the story, at most 3,000 characters. Prints accuracy per detector and the
time per story; the ingest uses the winner (plugins/wire/language.py).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))


def _cases(corpus: Path):
    for truth in sorted((corpus / "dev").glob("*/*.json")):
        data = json.loads(truth.read_text(encoding="utf-8"))
        lang = data.get("lang") or data.get("language") or ("en" if truth.parent.name == "reuters21578" else None)
        text = truth.with_suffix(".txt")
        if lang and text.exists():
            yield truth.parent.name, lang, text.read_bytes().decode("utf-8", "replace")
    from bs4 import BeautifulSoup

    for truth in sorted((corpus / "structured").glob("*/*.json")):
        data = json.loads(truth.read_text(encoding="utf-8"))
        if not data.get("wire_file") or not data.get("lang"):
            continue
        raw = (truth.parent / data["wire_file"]).read_bytes()
        if data["wire_file"].endswith(".json"):
            text = BeautifulSoup(" ".join(_strings(json.loads(raw))), "html.parser").get_text(" ")
        else:
            text = BeautifulSoup(raw, "xml").get_text(" ")
        yield "structured/" + truth.parent.name, data["lang"], text


DEFAULT = "en"     # the site's DEFAULT_LANG, as wire-eval scores a missing Lang line


_TEXT_KEYS = {"headline", "headlines", "body_text", "body_html", "bodies", "value", "description_text",
              "description_html", "descriptions"}


def _strings(item, inside: bool = False):
    """The headline and body strings of a ninjs item (1.x keys, and 2.x/3.x lists of objects)."""
    if isinstance(item, dict):
        for key, value in item.items():
            yield from _strings(value, inside or key in _TEXT_KEYS)
    elif isinstance(item, list):
        for value in item:
            yield from _strings(value, inside)
    elif isinstance(item, str) and inside:
        yield item


def _primary(tag: str | None) -> str | None:
    if not tag:
        return None
    tag = tag.split("-")[0].lower()
    return {"nb": "no", "nn": "no"}.get(tag, tag)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "wire-corpus")
    args = ap.parse_args(argv)
    cases = [(g, _primary(lang), text[:3000]) for g, lang, text in _cases(args.corpus)]
    print(f"{len(cases)} cases: {dict(Counter(lang for _, lang, _ in cases))}")

    detectors = {}
    from wire import language

    detectors["wirepress (language.detect)"] = language.detect
    try:
        import py3langid

        detectors["py3langid"] = lambda t: py3langid.classify(t)[0]
    except ImportError:
        pass
    try:
        from lingua import LanguageDetectorBuilder

        lingua = LanguageDetectorBuilder.from_all_languages().build()

        def _lingua(t):
            found = lingua.detect_language_of(t)
            return found.iso_code_639_1.name.lower() if found else None
        detectors["lingua (all languages)"] = _lingua
    except ImportError:
        pass

    for name, detect in detectors.items():
        detect(cases[0][2])                     # load models outside the timing
        start = time.perf_counter()
        got = [_primary(detect(text)) for _, _, text in cases]
        took = time.perf_counter() - start
        # None means "the site's default language": right where that is the truth
        right = sum((g or DEFAULT) == lang for g, (_, lang, _) in zip(got, cases))
        misses = Counter(f"{lang}->{g}" for g, (_, lang, _) in zip(got, cases) if (g or DEFAULT) != lang)
        print(f"{name:30} {right}/{len(cases)} = {right / len(cases):.3f}   "
              f"{took / len(cases) * 1000:.2f} ms/story   misses {dict(misses)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
