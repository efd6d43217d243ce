"""Parsing a page of a known site with its `SiteProfile`.

The byline anchors the article: the headline is the line above it (above the standfirst when
the site has one), the tag list above that or closing the body, the caption (with its credit)
just below it or among the paragraphs, and the body runs from there to the first author box,
end line, tag line or live-feed item. Related cards are lifted out wherever they sit.
Returns None when the byline is missing, so the caller can fall back to the generic reader.
"""

from __future__ import annotations

import re
from datetime import timedelta

from transforms.parse.authors import looks_like_name, normalise_authors
from transforms.parse.dates import find_datetime, to_utc
from transforms.parse.live import find_live_items
from transforms.parse.profiles import BioShape, CardShape, RelatedList, SiteProfile
from transforms.records import AuthorBio, ParsedPage, RelatedCard

MIN_BIO_CHARS = 40  # a bio text line is prose, not another label
DATE_LINES_BELOW = 2  # how far under a byline without a date its date line may be
_SLASH = re.compile(r"\s*/\s*")


def parse_with_profile(
    lines: list[str],
    chrome: list[bool],
    profile: SiteProfile,
    page: ParsedPage,
) -> ParsedPage | None:
    """Fill `page` from `lines`; `chrome` marks lines already known as boilerplate."""
    n = len(lines)
    claimed = [False] * n
    live_start = n
    if profile.live is not None:
        items, used = find_live_items(
            lines, profile.live, page.capture_date, profile.zone, profile.month_first
        )
        page.live_items = items
        for i in used:
            claimed[i] = True
        live_start = used[0] if used else n

    byline = _find_byline(lines, chrome, profile, live_start)
    if byline is None:
        return None
    b, match = byline
    head = _previous(b, chrome, claimed)
    if head is not None and profile.standfirst:
        head = _previous(head, chrome, claimed)
    if head is None:
        return None
    page.headline = lines[head]
    page.authors = normalise_authors(match["authors"], profile.site_names)
    start = _set_times(page, match, lines, b, profile)
    page.tags, tag_index = _tags(lines, chrome, head, profile)

    while start < n and chrome[start]:
        start += 1
    caption_at = -1
    if profile.caption_credit is not None:
        stop = live_start if profile.caption_in_body else min(start + 1, n)
        for i in range(start, stop):
            cap = profile.caption_credit.match(lines[i])
            if cap:
                page.image_caption = cap["caption"]
                page.image_credit = _SLASH.sub("/", cap["credit"])
                caption_at = i
                break
    if caption_at == start:
        start += 1

    end = live_start
    if profile.card is not None:
        page.related = _cards(lines, profile.card, start, live_start, claimed)
    if profile.related_list is not None:
        page.related += _related_list(
            lines, profile.related_list, start, live_start, claimed, profile
        )
    if profile.bio is not None:
        page.bios, bio_start = _bios(lines, profile.bio, start, live_start, claimed)
        end = min(end, bio_start)
    if tag_index > start:
        end = min(end, tag_index)
    for i in range(start, end):
        if lines[i] in profile.end_lines:
            end = i
            break
    page.paragraphs = [
        lines[i] for i in range(start, end) if not chrome[i] and not claimed[i] and i != caption_at
    ]
    page.chrome = _chrome_lines(lines, chrome, claimed, head, b, end, tag_index, caption_at)
    return page


def _find_byline(lines, chrome, profile, stop):
    for i in range(min(stop, len(lines))):
        if not chrome[i]:
            m = profile.byline.match(lines[i])
            if m:
                return i, m
    return None


def _previous(i: int, chrome: list[bool], claimed: list[bool]) -> int | None:
    i -= 1
    while i >= 0 and (chrome[i] or claimed[i]):
        i -= 1
    return i if i >= 0 else None


def _set_times(page: ParsedPage, match, lines: list[str], b: int, profile: SiteProfile) -> int:
    """Publication (and update) time from the byline or the date line under it; returns the
    first line after the byline block."""
    latest = page.capture_date + timedelta(days=1)
    after = b + 1
    when = match.groupdict().get("when")
    source = "byline"
    if when is None and profile.date_line is not None:
        for k in range(b + 1, min(b + 1 + DATE_LINES_BELOW, len(lines))):
            m = profile.date_line.match(lines[k])
            if m:
                when, after = m["when"], k + 1
                break
    found = find_datetime(when, profile.month_first) if when else None
    if found is not None and found.day <= latest:
        page.published_at = to_utc(found, profile.zone)
        page.published_at_source = source
    if profile.updated_line is not None:
        for k in range(after, min(after + 2, len(lines))):
            m = profile.updated_line.match(lines[k])
            if m:
                f = find_datetime(m["when"], profile.month_first)
                if f is not None and f.day <= latest:
                    page.modified_at = to_utc(f, profile.zone)
                after = k + 1
                break
    return after


def _tags(lines, chrome, head, profile) -> tuple[list[str], int]:
    pattern = profile.tags_line
    if pattern is None:
        return [], -1
    span = range(head) if profile.tags_above_headline else range(head + 1, len(lines))
    for i in span:
        m = None if chrome[i] else pattern.match(lines[i])
        if m:
            text = m["tags"]
            return [t.strip() for t in text.split(profile.tags_separator) if t.strip()], i
    return [], -1


def _cards(lines, shape: CardShape, start, stop, claimed) -> list[RelatedCard]:
    cards = []
    match = shape.site_line.match
    for i in range(start + shape.lines_before, stop):
        m = match(lines[i])
        if m is None or any(claimed[i - shape.lines_before : i + 1]):
            continue
        headline = lines[i - shape.lines_before]
        teaser = lines[i - 1] if shape.lines_before > 1 else ""
        cards.append(RelatedCard(headline=headline, teaser=teaser, site=m["site"]))
        for k in range(i - shape.lines_before, i + 1):
            claimed[k] = True
    return cards


def _related_list(lines, shape: RelatedList, start, stop, claimed, profile) -> list[RelatedCard]:
    for i in range(start, stop):
        if claimed[i] or not shape.heading.match(lines[i]):
            continue
        cards = []
        claimed[i] = True
        for k in range(i + 1, min(stop, i + 1 + shape.max_items)):
            m = shape.item.match(lines[k])
            if m is None or claimed[k] or profile.is_chrome(lines[k]):
                break
            cards.append(RelatedCard(headline=m["headline"], teaser="", site=profile.site_name))
            claimed[k] = True
        return cards
    return []


def _bios(lines, shape: BioShape, start, stop, claimed) -> tuple[list[AuthorBio], int]:
    bios: list[AuthorBio] = []
    first = stop
    role = shape.role_line.match
    for i in range(start + 1, stop):
        if claimed[i] or not role(lines[i]):
            continue
        name = lines[i - 1]
        if not looks_like_name(name):
            continue
        top = i - 1
        while top - 1 >= start and lines[top - 1] == name and i - top < shape.max_name_lines:
            top -= 1
        text = lines[i + 1] if i + 1 < stop and not claimed[i + 1] else ""
        bio = text if len(text) >= MIN_BIO_CHARS else None
        last = i + 1 if bio else i
        bios.append(AuthorBio(name=name, role=lines[i], bio=bio))
        for k in range(top, last + 1):
            claimed[k] = True
        first = min(first, top)
    return bios, first


def _chrome_lines(lines, chrome, claimed, head, b, end, tag_index, caption_at) -> list[str]:
    """Lines outside every part of the page: what the warehouse may learn as boilerplate."""
    keep = {head, b, tag_index, caption_at}
    return [
        line
        for i, line in enumerate(lines)
        if not claimed[i] and i not in keep and (chrome[i] or i < head or i >= end)
    ]
