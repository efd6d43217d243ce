"""Generated pages have the seed's exact shape, and other sites the shapes documented."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

import pytest

from corpus.generate import SampleDump
from corpus.vocab import AUTHORS_KI

MONTH = "(January|February|March|April|May|June|July|August|September|October|November|December)"
HEADER = re.compile(r"^ date (\d{4}-\d{2}-\d{2}) Skip to content$")
BYLINE = re.compile(rf"^by (.+) {MONTH} (\d{{1,2}}), (\d{{4}}) (\d{{1,2}}):(\d{{2}}) ([AP]M)$")
CAPTION = re.compile(r"^\S.* \([^()]+/[^()]+\)$")
TIME = re.compile(r"^\d{1,2}:\d{2} [AP]M$")
AUDIO = "This audio is created with AI assistance"
ROLES = {a.role for a in AUTHORS_KI} | {a.promoted_to for a in AUTHORS_KI if a.promoted_to}
ROLES.add("Reporter")


def skeleton(text: str) -> list[str]:
    """The page's block sequence; fails on the first line that breaks the seed's layout."""
    lines = text.split("\n")
    assert lines.pop() == "", "a page ends with a newline"
    out: list[str] = []
    i = 0

    def take(kind: str, ok: Callable[[str], object]) -> str:
        nonlocal i
        assert i < len(lines) and ok(lines[i]), f"{kind} expected at line {i}: {lines[i : i + 1]}"
        if not out or out[-1] != kind or kind != "paragraph":
            out.append(kind)
        i += 1
        return lines[i - 1]

    blank = lambda s: s == ""  # noqa: E731
    text_line = lambda s: bool(s.strip())  # noqa: E731
    take("header", HEADER.match)
    take("tags", lambda s: s and all(t.strip() == t and t for t in s.split(", ")))
    take("edit", lambda s: s == "Edit post")
    take("blank", blank)
    take("headline", text_line)
    take("blank", blank)
    take("byline", BYLINE.match)
    take("caption", CAPTION.match)
    take("audio", lambda s: s == AUDIO)
    take("blank", blank)
    while i + 1 < len(lines) and lines[i + 1] == "":
        take("paragraph", text_line)
        i += 1  # the blank line after each paragraph
    take("card_headline", text_line)
    take("card_teaser", text_line)
    take("card_site_author", lambda s: s.startswith("The Kyiv Independent") and len(s) > 21)
    while i < len(lines) and lines[i] != "Comments":
        name = take("bio_name", text_line)
        take("bio_name", lambda s, n=name: s == n)
        take("bio_role", lambda s: s in ROLES)
        take("bio", lambda s, n=name: s.startswith(n))
    take("comments", lambda s: s == "Comments")
    take("blank", blank)
    while True:
        take("live_time", TIME.match)
        take("blank", blank)
        take("live_headline", text_line)
        take("blank", blank)
        take("live_body", text_line)
        if i == len(lines):
            return out
        take("blank", blank)


def test_seed_itself_has_the_skeleton(seed_text: str) -> None:
    assert skeleton(seed_text)[-1] == "live_body"


def test_every_kyiv_page_follows_the_seed_layout(ki, seed_text: str) -> None:
    want = skeleton(seed_text)
    pages = ki("original", "hard_negative", "live_variant", "edited", "added_paragraph")
    assert len(pages) > 300
    same = 0
    for dump, text in pages:
        got = skeleton(text)
        if len(dump.label.authors) == 1 and len(dump.label.live) == 1:
            assert got == want, dump.name
            same += 1
    assert same > 200


def test_header_byline_and_label_agree(ki) -> None:
    for dump, text in ki("original", "edited"):
        lines = text.split("\n")
        header = HEADER.match(lines[0])
        assert header and header.group(1) == dump.label.capture_date.isoformat()
        assert lines[1] == ", ".join(dump.label.tags)
        assert lines[4] == dump.label.headline
        by = BYLINE.match(lines[6])
        assert by and by.group(1) == " and ".join(dump.label.authors)
        hour = int(by.group(5)) % 12 + (12 if by.group(7) == "PM" else 0)
        local = datetime.strptime(f"{by.group(2)} {by.group(3)} {by.group(4)}", "%B %d %Y")
        local = local.replace(hour=hour, minute=int(by.group(6)))
        assert local == dump.label.published_at.replace(tzinfo=None)
        assert dump.label.published_at.date() <= dump.label.capture_date


def test_quotes_use_surname_after_full_name_introduction(ki) -> None:
    checked = 0
    for dump, text in ki("original"):
        for q in dump.label.quotes:
            surname = re.escape(q.speaker.split(" ", 1)[1])  # "van Dijk" keeps its particle
            quote = re.escape(q.quote)
            said = re.search(rf"“{quote}[,?]?” {surname} {q.verb}", text) or re.search(
                rf"(?i:{surname}) {q.verb}: “{quote}\.”", text
            )
            assert said, (dump.name, q)
            assert text.index(q.speaker) < said.start(), "full name must come first"
            checked += 1
    assert checked > 300


def test_article_text_is_not_copied_from_the_seed(ki, seed_text: str) -> None:
    def shingles(body: str) -> set[tuple[str, ...]]:
        words = re.findall(r"\w+", body.lower())
        return {tuple(words[k : k + 7]) for k in range(len(words) - 6)}

    def body(text: str) -> str:
        return re.split(r"\nThe Kyiv Independent(?=\S)", text.split(AUDIO, 1)[1], maxsplit=1)[0]

    seed = shingles(body(seed_text))
    for _, text in ki("original", "hard_negative"):
        assert not seed & shingles(body(text))


SITE_SHAPES = {
    "dnipro-ledger": (
        " date {d} Skip to main content",
        re.compile(r"^By .+ \| \d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2} CES?T$"),
        "Privacy policy | Cookie policy | Terms of use | Contact us",
    ),
    "baltic-wire": (
        " date {d} MENU",
        re.compile(r"^Published: \d{4}-\d{2}-\d{2} \d{2}:\d{2}  Author: .+$"),
        "About us | Advertise | Contact | RSS",
    ),
    "black-sea-monitor": (
        " date {d} Black Sea Monitor | Independent news from southern Ukraine",
        re.compile(r"^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$"),
        "This site uses cookies. Learn more | Got it",
    ),
}


@pytest.mark.parametrize("site", sorted(SITE_SHAPES))
def test_other_sites_have_their_own_chrome(dumps: list[SampleDump], site: str) -> None:
    first, byline, footer = SITE_SHAPES[site]
    pages = [d for d in dumps if d.label.site == site]
    assert len(pages) >= 5
    for d in pages:
        assert d.label.kind == "other_site" and d.label.story_id
        text = d.data.decode("utf-8")
        lines = text.split("\n")
        assert lines[0] == first.format(d=d.label.capture_date.isoformat())
        assert any(byline.match(line) for line in lines), d.name
        assert footer in lines and d.label.headline in lines
        assert "Skip to content" not in text and AUDIO not in text
