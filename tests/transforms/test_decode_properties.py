"""Property tests: decode and parse never raise, always answer the same, and keep text intact."""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.generate import iter_dumps
from transforms.decode import decode, header_date, normalise
from transforms.parse import parse_page
from transforms.records import DecodedDoc, ParsedPage, RawDoc, Rejection

TODAY = date(2024, 4, 1)
DECODE_REASONS = {
    "empty",
    "binary",
    "undecodable",
    "no_date_header",
    "bad_date_header",
    "future_date_header",
}
PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# text without lone surrogates (they cannot be encoded, so no file can hold them)
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=400)
# lines of a real-looking page, to reach the parser's deeper paths
PAGE_LINES = [
    line
    for dump in iter_dumps(40, seed=11)
    if dump.label.headline
    for line in dump.data.decode("utf-8", "replace").split("\n")[1:]
]


def raw(data: bytes) -> RawDoc:
    return RawDoc("p.txt", len(data), hashlib.sha256(data).hexdigest(), data)


def doc(text: str, captured: date | None = TODAY) -> DecodedDoc:
    sha = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return DecodedDoc(sha[:16], "p.txt", sha, text, "utf-8", captured)


def _valid_output(out) -> None:
    if isinstance(out, Rejection):
        assert out.stage == "decode" and out.reason in DECODE_REASONS, out
        return
    assert isinstance(out, DecodedDoc)
    out.text.encode("utf-8")  # no lone surrogates: Arrow can store it
    assert "\r" not in out.text and "\x00" not in out.text
    assert all(ch in "\t\n" or unicodedata.category(ch) != "Cc" for ch in out.text)
    assert unicodedata.is_normalized("NFC", out.text)
    assert date(1990, 1, 1) <= out.capture_date <= date(2024, 4, 2)


@PROPS
@given(st.binary(max_size=2000))
def test_decode_never_raises_on_arbitrary_bytes(data):
    first = decode(raw(data), TODAY)
    _valid_output(first)
    assert decode(raw(data), TODAY) == first  # deterministic
    header_date(data[:64])


@PROPS
@given(st.binary(max_size=600))
def test_decode_never_raises_after_a_valid_header(tail):
    data = b" date 2024-03-11 " + tail
    out = decode(raw(data), TODAY)
    _valid_output(out)
    assert decode(raw(data), TODAY) == out


@PROPS
@given(TEXT)
def test_text_reads_the_same_in_every_unicode_encoding(body):
    text = " date 2024-03-11 Headline\n" + body
    outs = [
        decode(raw(text.encode(enc)), TODAY) for enc in ("utf-8", "utf-8-sig", "utf-16", "utf-32")
    ]
    for out in outs:
        _valid_output(out)
    if isinstance(outs[0], DecodedDoc):
        assert outs[0].text == normalise(text).split("Headline", 1)[1].join(["Headline", ""])
    # the text, not the bytes, decides; "binary" may differ only for NULs in the text
    assert {o.text if isinstance(o, DecodedDoc) else o.reason for o in outs} == {
        outs[0].text if isinstance(outs[0], DecodedDoc) else outs[0].reason
    }


@PROPS
@given(st.text(st.characters(min_codepoint=9, max_codepoint=0xFF), min_size=40, max_size=400))
def test_mostly_latin_utf16_without_a_bom_is_recognised(body):
    text = " date 2024-03-11 Headline\n" + body.replace("\x00", "")
    for enc in ("utf-16-le", "utf-16-be"):
        out = decode(raw(text.encode(enc)), TODAY)
        assert isinstance(out, DecodedDoc) and out.encoding == enc, out
        assert out.text == decode(raw(text.encode()), TODAY).text


@PROPS
@given(st.lists(st.sampled_from(PAGE_LINES), max_size=60), TEXT, st.integers(0, 60))
def test_parse_never_fails_on_page_like_text(lines, noise, at):
    lines = list(lines)
    lines.insert(min(at, len(lines)), noise)
    d = doc(normalise("\n".join(lines)))
    first = parse_page(d)
    assert isinstance(first, ParsedPage | Rejection)
    if isinstance(first, Rejection):
        assert first.stage == "parse" and first.reason != "parser_error", first
    assert parse_page(d) == first


@PROPS
@given(TEXT)
def test_parse_never_fails_on_arbitrary_text(text):
    d = doc(normalise(text))
    first = parse_page(d)
    if isinstance(first, Rejection):
        assert first.stage == "parse" and first.reason != "parser_error", first
    assert parse_page(d) == first
