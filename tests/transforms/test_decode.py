import hashlib
from datetime import date

import pytest

from transforms.decode import decode, split_header
from transforms.records import DecodedDoc, RawDoc, Rejection

TODAY = date(2024, 4, 1)


def raw(data: bytes, path: str = "x.txt") -> RawDoc:
    return RawDoc(path, len(data), hashlib.sha256(data).hexdigest(), data)


def test_seed_header_is_split_and_text_kept(seed_text):
    doc = decode(raw(seed_text), TODAY)
    assert isinstance(doc, DecodedDoc)
    assert doc.capture_date == date(2024, 3, 11)
    assert doc.text.startswith("Skip to content\n")
    assert doc.encoding == "utf-8"
    assert doc.doc_id == hashlib.sha256(seed_text).hexdigest()[:16]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t \n", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary"),
        (b" date 2024-03-11 hello\x00world \xff\xfe", "binary"),
        (b"no header here\nat all", "no_date_header"),
        (b" date 2024-02-30 Skip to content\nbody", "bad_date_header"),
        (b" date 2031-01-01 Skip to content\nbody", "future_date_header"),
        (b" date 2024-03-11 ", "empty"),
        (b"x", "no_date_header"),
    ],
)
def test_bad_input_is_rejected_with_a_reason(data, reason):
    out = decode(raw(data), TODAY)
    assert isinstance(out, Rejection)
    assert (out.stage, out.reason) == ("decode", reason)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("\ufeff date 2024-03-11 Title\r\nBody “quoted”\r\n".encode(), "utf-8"),
        (" date 2024-03-11 Title\nBody “quoted” — dash\n".encode("utf-16"), "utf-16-le"),
        (
            " date 2024-03-11 Title\nThe minister said “no” to the idea, again and again.\n".encode(
                "cp1252"
            ),
            "cp1252",
        ),
    ],
)
def test_other_encodings_decode_to_the_same_text(data, encoding):
    doc = decode(raw(data), TODAY)
    assert isinstance(doc, DecodedDoc), doc
    assert doc.text.startswith("Title\nThe") or doc.text.startswith("Title\nBody")
    assert "“" in doc.text and "\r" not in doc.text
    # windows-1250 and -1252 share these code points; what matters is the text
    assert doc.encoding == encoding or {doc.encoding, encoding} == {"cp1250", "cp1252"}


def test_cyrillic_windows_1251_decodes():
    text = " date 2024-03-11 Новини\nМіністр оборони заявив, що війська не будуть направлені в Україну найближчим часом.\n"
    doc = decode(raw(text.encode("cp1251")), TODAY)
    assert isinstance(doc, DecodedDoc)
    assert "Міністр оборони" in doc.text


def test_header_parsing_edge_cases():
    assert split_header("date 2024-03-11\nrest") == (date(2024, 3, 11), "rest", None)
    assert split_header(" date 2024-13-01 x")[2] == "bad_date_header"
    assert split_header("Skip to content")[2] == "no_date_header"
