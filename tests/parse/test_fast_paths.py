"""The parser's fast paths give what the plain forms they replace give (invented text only).

Each test sets a fast path against a straightforward reference written out here: the plain
regex alternation, the regex-only normalisation, the line loop, one search per pattern.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms import decode
from transforms.parse import clear_caches
from transforms.parse.alternation import phrase_union, word_union
from transforms.parse.authors import normalise_authors
from transforms.parse.classify import _CREDIT_HINTS, CREDIT_HINT
from transforms.parse.dates import MONTHS, find_dates
from transforms.parse.lexicon import CHROME_PHRASE, CHROME_PHRASES, is_chrome_line
from transforms.parse.lines import _digest, line_hash, split_lines
from transforms.parse.profiles import SiteProfile, _any_signature, _line_start, all_profiles, rx

# --- factored alternations ---------------------------------------------------------------

PHRASES = (r"\bcat\b", "cattle", "car (?:park|wash)", "dog", "do(?:g|t)s?", r"\(x\) ?\d{2}", "©")
TEXTS = (
    "a cat sat",
    "concatenate",
    "cattle drive",
    "the car wash",
    "car parks",
    "hotdogs",
    "dots",
    "(x) 12",
    "(x)3",
    "© me",
    "scat",
    "cat",
    "",
)


def test_phrase_union_finds_what_the_plain_alternation_finds() -> None:
    fast, plain = re.compile(phrase_union(PHRASES)), re.compile("|".join(PHRASES))
    for text in TEXTS:
        assert bool(fast.search(text)) == bool(plain.search(text)), text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="catle rpkwshdog()x12©\n", max_size=30))
def test_phrase_union_agrees_on_any_text(text: str) -> None:
    fast, plain = re.compile(phrase_union(PHRASES)), re.compile("|".join(PHRASES))
    assert bool(fast.search(text)) == bool(plain.search(text))


def test_phrase_union_keeps_word_boundaries() -> None:
    fast = re.compile(phrase_union([r"\bcat\b"]))
    assert fast.search("a cat.") and fast.search("cat")
    assert not fast.search("scat") and not fast.search("cats")


def test_phrase_union_refuses_what_it_cannot_factor() -> None:
    with pytest.raises(ValueError):
        phrase_union(["(?:a|b)c"])  # opens with a group, not a literal
    with pytest.raises(ValueError):
        phrase_union([r"\b-x"])  # a boundary before a non-word character
    with pytest.raises(ValueError):
        word_union(["i", "ı"], re.IGNORECASE)  # one character matches both branches


def test_word_union_prefers_the_longest_word() -> None:
    words = ["mar", "marzo", "march", "ma"]
    fast = re.compile(f"(?P<w>{word_union(words, re.IGNORECASE)})", re.IGNORECASE)
    assert fast.match("Marzo 3")["w"] == "Marzo"
    assert fast.match("march")["w"] == "march"
    assert fast.match("mart")["w"] == "mar"
    assert fast.match("max")["w"] == "ma"


def _plain(alternatives) -> re.Pattern[str]:
    return re.compile("|".join(alternatives))


LINES = (
    "We use cookies to improve this site.",
    "Cookiecutter recipes for beginners",
    "Copyright 2021 Example Media",
    "Log in or register",
    "The login page moved",
    "blogin is not a word",
    "Photo: Jane Roe / Example Agency",
    "A sentence that ends. (Jane Roe)",
    "Caption text. By JANE ROE",
    "A plain line of prose about the harbour.",
    "Alle Rechte vorbehalten",
    "(c) 2020 Somebody",
    "Earn a commission when you buy through our links",
)


def test_chrome_phrase_and_credit_hint_agree_with_their_plain_lists() -> None:
    for fast, alternatives in ((CHROME_PHRASE, CHROME_PHRASES), (CREDIT_HINT, _CREDIT_HINTS)):
        plain = _plain(alternatives)
        for line in LINES:
            assert bool(fast.search(line)) == bool(plain.search(line.lower())), line


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([*CHROME_PHRASES[:40], "x", " ", "in", "log", "sign", "."]), max_size=6
    )
)
def test_chrome_phrase_agrees_on_pieces_of_phrases(pieces: list[str]) -> None:
    line = "".join(p.replace("\\b", "").replace("(?:", "").replace(")", "") for p in pieces)
    assert bool(CHROME_PHRASE.search(line)) == bool(_plain(CHROME_PHRASES).search(line.lower()))


# --- decode -------------------------------------------------------------------------------


def _normalise_reference(text: str) -> str:
    text = decode._LINE_BREAKS.sub("\n", text)
    text = decode._CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


@pytest.mark.parametrize(
    "text",
    [
        "plain text\nsecond line",
        "windows\r\nline ends\rand old Mac ones",
        "a next-line\x85character and\u2028separators\u2029here",
        "a bell\x07, a form feed\x0c, DEL\x7f and a tab\tthat stays",
        "C1 controls \x80 and \x9f go, \xa0 and é stay",
        "Cafe\u0301 in NFD",
        "",
    ],
)
def test_normalise_matches_the_regex_reference(text: str) -> None:
    assert decode.normalise(text) == _normalise_reference(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x2100), max_size=40))
def test_normalise_matches_on_any_text(text: str) -> None:
    assert decode.normalise(text) == _normalise_reference(text)


# --- lines --------------------------------------------------------------------------------


def _split_reference(text: str) -> tuple[list[str], list[bool]]:
    lines, gaps, gap = [], [], False
    for raw in text.split("\n"):
        line = (
            " ".join(raw.split()) if ("  " in raw or "\t" in raw or "\xa0" in raw) else raw.strip()
        )
        if line:
            lines.append(line)
            gaps.append(gap)
            gap = False
        else:
            gap = True
    return lines, gaps


@pytest.mark.parametrize(
    "text",
    [
        "\n\nFirst after blanks\nSecond",
        "One\u2009thin space\nTwo  spaces\n\tTabbed\nNo\xa0break",
        "   \n \t \nOnly blank lines above\n\n",
        "single",
        "",
    ],
)
def test_split_lines_matches_the_line_loop(text: str) -> None:
    assert split_lines(text) == _split_reference(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab \t\n\xa0\u2009\u3000", max_size=40))
def test_split_lines_matches_on_any_text(text: str) -> None:
    assert split_lines(text) == _split_reference(text)


# --- profiles -----------------------------------------------------------------------------


def test_line_start_tells_anchored_sequences() -> None:
    assert _line_start("^Some Site$")
    assert not _line_start("^a|b")  # an alternation: its second branch is not anchored
    assert not _line_start("site\\.com")
    assert not _line_start("(?:^a)")


def test_joined_signatures_find_what_each_signature_finds() -> None:
    texts = [
        "intro\nThis audio is created with AI assistance\nmore",
        "x\nBaltic Wire\ny",
        "a page naming kyivindependent.com in the text",
        "Baltic Wire is mentioned mid-line",
        "nothing here",
    ]
    signatures = [p for profile in all_profiles() for p in profile.signatures]
    for text in texts:
        hits = [m for p in signatures if (m := re.compile(p.pattern, re.M).search(text))]
        first = min(hits, key=lambda m: m.start()) if hits else None
        got = _any_signature().search(text)
        assert (got is None) == (first is None), text
        if got is not None:
            assert got.start() == first.start()


def _profile(**kwargs) -> SiteProfile:
    base = dict(
        source="example",
        site_name="Example",
        timezone="UTC",
        signatures=(rx("^Example$"),),
        byline=rx("^By (?P<authors>.+)$"),
    )
    return SiteProfile(**(base | kwargs))


def test_chrome_marks_agree_with_is_chrome() -> None:
    lines = ["Menu", "NEWS / WORLD", "© Example 2020", "A line of text.", "menu"]
    joined = _profile(chrome=frozenset({"Menu"}), chrome_patterns=(rx("^NEWS / "), rx("^©")))
    mixed = _profile(chrome_patterns=(rx("^news"), rx("^MENU$", re.IGNORECASE)))
    bare = _profile(chrome=frozenset({"Menu"}))
    grouped = _profile(chrome_patterns=(rx(r"^(M)enu"), rx(r"^(m)\1")))  # kept apart
    assert joined._chrome_any is not None and grouped._chrome_any is None
    for profile in (joined, mixed, bare, grouped):
        marks = profile.chrome_marks(lines)
        assert marks == [profile.is_chrome(line) for line in lines]
        assert marks == [
            line in profile.chrome or any(p.search(line) for p in profile.chrome_patterns)
            for line in lines
        ]
    assert joined.chrome_marks(lines) == [True, True, True, False, False]
    assert mixed.chrome_marks(lines) == [True, False, False, False, True]


# --- remembered results -------------------------------------------------------------------


def test_remembered_results_come_back_as_fresh_lists() -> None:
    clear_caches()
    first = find_dates("Published 3 March 2021 at 10:04")
    first.clear()
    assert [d.day.isoformat() for d in find_dates("Published 3 March 2021 at 10:04")] == [
        "2021-03-03"
    ]
    names = normalise_authors("By Jane Roe and John Doe")
    names.append("Somebody Else")
    assert normalise_authors("By Jane Roe and John Doe") == ["Jane Roe", "John Doe"]
    assert is_chrome_line("Share") and is_chrome_line("Share")  # verdict kept, and the same


def test_every_month_name_is_read_in_any_case() -> None:
    for name, month in MONTHS.items():
        # a form that does not lower-case back to the name ("MAYIS") is not looked up
        for shown in (name, name.upper(), name.title()):
            if shown.lower() != name:
                continue
            found = find_dates(f"on 11 {shown} 2024")
            assert found and found[0].day.month == month, shown


def test_a_text_without_digits_has_no_dates() -> None:
    assert find_dates("March the eleventh, twenty twenty-four") == []


def test_line_hash_is_the_same_for_remembered_and_long_lines() -> None:
    clear_caches()
    short = "Skip  to\tcontent"
    assert line_hash(short) == line_hash(short) == _digest("Skip to content")
    long_line = "word " * 100  # longer than any remembered line
    assert line_hash(long_line) == _digest(long_line) == line_hash(long_line.strip())


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", (None, "empty")),
        (b" \t\r\n\x0b\x0c", (None, "empty")),
        (b"\xef\xbb\xbf date 2024-01-01 text", (" date 2024-01-01 text", "utf-8")),
        ("\ufeffhi".encode("utf-16-le"), ("hi", "utf-16-le")),
        ("\ufeffhi".encode("utf-32-le"), ("hi", "utf-32-le")),  # not read as UTF-16
        ("\ufeffhi".encode("utf-16-be"), ("hi", "utf-16-be")),
        (b"\x89PNG\r\n", (None, "binary")),
        (b"GIF89a", (None, "binary")),
        (b"plain text", ("plain text", "utf-8")),
    ],
)
def test_bytes_to_text_quick_tests_keep_the_verdicts(data: bytes, expected: tuple) -> None:
    assert decode.bytes_to_text(data) == expected
    assert decode.binary_kind(data) == next(
        (kind for magic, kind in decode._BINARY_MAGIC.items() if data.startswith(magic)), None
    )
