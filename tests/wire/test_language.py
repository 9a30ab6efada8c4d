"""wire.language: which language a story is written in (our own sentences, in the
languages the word lists used to confuse: French read as Dutch, German, Norwegian and
Swedish read as English)."""
import datetime as dt

import pytest

from wire import convert, language

STORIES = {
    "en": "The harbour council approved the new ferry link on Tuesday after a debate that lasted "
          "most of the evening, and the first boats are expected to sail in the spring.",
    "fr": "Le conseil municipal a approuvé mardi la nouvelle liaison par ferry, après un débat qui a "
          "duré presque toute la soirée ; les premiers bateaux devraient partir au printemps.",
    "de": "Der Stadtrat hat am Dienstag die neue Fährverbindung genehmigt, nachdem die Debatte fast "
          "den ganzen Abend gedauert hatte; die ersten Schiffe sollen im Frühjahr fahren.",
    "no": "Bystyret godkjente tirsdag den nye fergeforbindelsen etter en debatt som varte nesten hele "
          "kvelden, og de første båtene skal etter planen gå til våren.",
    "sv": "Kommunfullmäktige godkände på tisdagen den nya färjeförbindelsen efter en debatt som pågick "
          "nästan hela kvällen, och de första båtarna väntas gå i vår.",
    "nl": "De gemeenteraad heeft dinsdag de nieuwe veerverbinding goedgekeurd na een debat dat bijna "
          "de hele avond duurde; de eerste boten varen naar verwachting in het voorjaar.",
    "ru": "Городской совет во вторник одобрил новую паромную линию после дебатов, которые "
          "продолжались почти весь вечер; первые суда должны выйти весной.",
    "kk": "Қалалық кеңес сейсенбі күні жаңа паром қатынасын мақұлдады, талқылау кешке дейін "
          "созылды, алғашқы кемелер көктемде жүзеді деп күтілуде.",
}
KAZAKH_LATIN = ("Qalalyq keńes seısenbi kúni jańa parom qatynasyn maquldady, talqylaý keshke deıin "
                "sozyldy, alǵashqy kemeler kóktemde júzedi dep kútilýde.")
TURKISH = ("Belediye meclisi salı günü yeni feribot hattını onayladı; neredeyse bütün akşam süren "
           "tartışmanın ardından ilk gemilerin ilkbaharda sefere başlaması bekleniyor.")
RESULTS_TABLE = "Shr 75 cts vs 52 cts\nNet 1,699,124 vs 1,177,786\nRevs 45.6 mln vs 31.6 mln\n12 mths"


@pytest.mark.parametrize("lang", sorted(STORIES))
def test_each_language_is_told_apart(lang):
    assert language.detect(STORIES[lang]) == lang


def test_kazakh_in_the_latin_alphabet_is_kazakh_not_turkish():
    assert language.detect(KAZAKH_LATIN) == "kk"
    assert language.detect(TURKISH) == "tr"


def test_too_little_text_or_a_table_is_left_to_the_site_default():
    assert language.detect("Acme Corp Q3 net") is None
    assert language.detect(RESULTS_TABLE) is None


def _story(body: str) -> bytes:
    return f"VALDORIA, March 3, 2026 (Wire) - {body}\n\n{body}\n".encode("utf-8")


@pytest.mark.parametrize("lang", ["fr", "de", "no", "sv"])
def test_convert_writes_the_detected_language(lang):
    when = dt.datetime(2026, 3, 3, tzinfo=dt.timezone.utc)
    story = convert.convert(_story(STORIES[lang]), f"{lang}.txt", when, default_lang="en")
    assert story.lang == lang


def test_the_default_language_is_not_written():
    when = dt.datetime(2026, 3, 3, tzinfo=dt.timezone.utc)
    assert convert.convert(_story(STORIES["en"]), "en.txt", when, default_lang="en").lang is None
    assert convert.convert(_story(STORIES["kk"]), "kk.txt", when, default_lang="kk").lang is None


def test_the_model_is_kept_decompressed_and_classifies_as_py3langids_own_loader(tmp_path, monkeypatch):
    """The model's parts are kept as a pickle under the cache folder (decompressing the
    shipped model cost each converting process 1.3 s): the first load writes it, later ones
    read it without touching the compressed model, a damaged one is rebuilt, and the
    identifier made from it scores every text exactly as py3langid's own loader does."""
    from py3langid import modelio
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    monkeypatch.setenv("WIREPRESS_CACHE", str(tmp_path))
    first = language._model()
    kept = list(tmp_path.glob("wire-langid-*.pickle"))
    assert len(kept) == 1 and kept[0].read_bytes()[:1] == b"\x80"

    def no_decompressing(path):
        raise AssertionError("the compressed model was read again")

    with monkeypatch.context() as m:
        m.setattr(modelio, "load_model", no_decompressing)
        again = language._model()                       # from the pickle
    assert [type(p) for p in again] == [type(p) for p in first]
    kept[0].write_bytes(b"\x80 damaged")
    assert len(language._model()[2]) == len(first[2])   # rebuilt from the shipped model

    theirs = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    theirs.set_languages([lang for lang in language.CANDIDATES if lang in theirs.nb_classes])
    language._identifier.cache_clear()
    try:
        ours = language._identifier()
        for text in [*STORIES.values(), KAZAKH_LATIN, TURKISH, RESULTS_TABLE]:
            assert ours.classify(text) == theirs.classify(text)
            assert ours.rank(text) == theirs.rank(text)
    finally:
        language._identifier.cache_clear()
