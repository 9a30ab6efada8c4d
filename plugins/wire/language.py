"""The language a story is written in, from its text.

py3langid (a maintained fork of langid.py: a naive Bayes model over byte n-grams, 142
languages) chooses among the languages a newsroom may receive (`CANDIDATES`), which keeps
it from answering Nigerian Pidgin or Latin for an English results table. Measured on the
corpus with `bench/lang_eval.py` (392 stories with a stated language) against the word
lists this replaced and against lingua; see README "Language".

Two things the model cannot do are rules here:
- text too short or too table-like to judge gives None (the site's default language),
  and so does an answer below `MIN_CONFIDENCE`: a quarterly results table reads as German
  or Danish with a confidence of 0.2;
- Kazakh in the Latin alphabet (2021), which the model reads as Turkish (or does not
  know): Turkish never writes ǵ, ń, ý or ú, which Kazakh Latin uses in almost every
  sentence.

A headline in the making is a clause of a dozen words, too short for the model (it needs
`MIN_LETTERS` and then is often unsure): `reads_as_english` judges it by function words
(data/function_words/<lang>.txt), and headline.py asks it before applying English grammar.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from . import lexicon, vocabulary

# The client publishes in Kazakh, Russian and English; agencies also file in the
# languages of their neighbours and of the wires they redistribute.
CANDIDATES = ("en", "ru", "kk", "de", "fr", "es", "it", "nl", "pt", "fi", "sv", "no", "da", "pl",
              "tr", "uk", "zh", "ja", "ar", "cs", "hu", "ro", "el", "uz", "ky", "be", "ko")
MIN_LETTERS = 40
MIN_CONFIDENCE = 0.5
SAMPLE = 3000          # characters: the first paragraphs say it; more only costs time

_LETTER = re.compile(r"[^\W\d_]")
_KAZAKH_LATIN = re.compile(r"[ǵńýúǴŃÝÚ]")


@lru_cache(maxsize=1)
def _identifier():
    import numpy as np
    from py3langid.langid import LanguageIdentifier

    ptc, pc, classes, nextmove, row, output = _model()
    # as LanguageIdentifier.from_model_file makes it, then set_languages(CANDIDATES): the
    # model's columns are restricted already (the other 115 languages' are never read)
    return LanguageIdentifier(np.asarray(ptc), np.asarray(pc), classes, nextmove, output,
                              norm_probs=True, tk_row=row)


def _model() -> tuple:
    """py3langid's model as its loader returns it, restricted to CANDIDATES as
    `set_languages` restricts it, kept decompressed under the cache folder: the model ships
    LZMA-compressed, and decompressing it took 1.3 s of every process that converts a story
    (a build with one new wire file); reading the pickle takes a tenth of that."""
    import hashlib
    from importlib import metadata

    from py3langid import langid, modelio

    model = Path(langid.__file__).parent / langid.MODEL_FILE
    st = model.stat()
    key = hashlib.blake2b(f"{metadata.version('py3langid')}|{st.st_size}|{st.st_mtime_ns}|{CANDIDATES}".encode(),
                          digest_size=8).hexdigest()

    def restricted() -> tuple:
        import numpy as np

        ptc, pc, classes, nextmove, row, output = modelio.load_model(model)
        keep = [i for i, lang in enumerate(classes) if lang in CANDIDATES]
        return (np.asarray(ptc)[:, keep], np.asarray(pc)[keep], [classes[i] for i in keep],
                nextmove, row, output)

    return lexicon.cached(lexicon.cache_dir() / f"wire-langid-{key}.pickle", restricted, tuple)


def warm_up() -> None:
    """Load the model once (before forking workers, so they share it)."""
    _identifier()


def detect(text: str) -> str | None:
    """ISO 639-1 code of the language `text` is written in, or None when unsure."""
    text = text[:SAMPLE]
    letters = len(_LETTER.findall(text))
    if letters < MIN_LETTERS:
        return None
    lang, confidence = _identifier().classify(text)
    if (lang == "tr" or confidence < MIN_CONFIDENCE) and len(_KAZAKH_LATIN.findall(text)) >= 3:
        return "kk"
    return lang if confidence >= MIN_CONFIDENCE else None


_WORDS = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _function_words() -> tuple[frozenset[str], frozenset[str]]:
    """English function words, and those of the other languages the lists know."""
    others = tuple(lang for lang in vocabulary.languages("function_words") if lang != "en")
    return vocabulary.word_set("function_words", ("en",)), vocabulary.word_set("function_words", others)


def reads_as_english(text: str) -> bool:
    """At least as many English function words as other languages' ones (so a clause with
    none at all counts as English): for text too short for `detect`, such as a headline."""
    english, foreign = _function_words()
    words = _WORDS.findall(text.casefold())
    return sum(w in english for w in words) >= sum(w in foreign for w in words)
