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
"""
from __future__ import annotations

import re
from functools import lru_cache

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
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages([lang for lang in CANDIDATES if lang in ident.nb_classes])
    return ident


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
