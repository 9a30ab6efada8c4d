"""Encodings wires arrive in: detected, never mojibake; binary data refused."""
import codecs

import pytest

from wire.decode import DecodeError, decode, strip_controls

TEXT = "ASTANA. KAZINFORM - Минфин Казахстана: «рост» экономики составил 4,1%."
LATIN = "Paris (ats afp) Les violences liées aux manifestations, a estimé dimanche le ministre."


@pytest.mark.parametrize("data,expected", [
    (TEXT.encode("utf-8"), TEXT),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), TEXT),
    (TEXT.encode("utf-16"), TEXT),                 # with BOM
    (TEXT.encode("utf-16-le"), TEXT),              # without BOM
    (TEXT.encode("cp1251"), TEXT),
    (LATIN.encode("latin-1"), LATIN),
    (LATIN.encode("cp1252"), LATIN),
])
def test_encodings(data, expected):
    text, _ = decode(data)
    assert text == expected


def test_binary_is_refused():
    with pytest.raises(DecodeError):
        decode(bytes(range(256)) * 20)
    with pytest.raises(DecodeError):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00\x10" * 300)


def test_strip_controls_keeps_text_and_newlines():
    raw = "A\x01B\r\nC\x1f\x7fD\rE\ud800F\x0bG"
    assert strip_controls(raw) == "AB\nCD\nEFG"
