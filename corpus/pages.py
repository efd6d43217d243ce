"""Render an article as a raw page dump, one function per site.

Every dump starts with the scraper's capture header ` date YYYY-MM-DD ` (leading space, trailing
space) immediately followed by the page's first line, and ends with a newline. UTF-8, LF.

kyiv-independent (the seed's shape, `render_ki`)::

     date 2024-03-11 Skip to content
    Ukraine, Russia, Italy, Peace talks               <- tags, ", "-separated
    Edit post
    <blank>
    <headline>
    <blank>
    by NAME[ and NAME] March 11, 2024 2:02 AM         <- Europe/Kyiv local time, no zone
    <caption> (Photographer/Agency)
    This audio is created with AI assistance
    <blank>
    <paragraph>  (blank line after every paragraph; quotes use “…,” Surname said.)
    <related headline>
    <teaser, cut at a word boundary, no ellipsis>
    The Kyiv IndependentNAME                          <- site and card author fused
    NAME / NAME / ROLE / BIO                          <- one 4-line bio box per author
    Comments
    <blank>
    9:07 AM / <blank> / <live headline> / <blank> / <live paragraph>
    [<blank> / second live item, same 5 lines]

Seed quirks reproduced on purpose: straight and typographic apostrophes mixed within a page;
the teaser cut mid-sentence with no ellipsis; the site name fused to the card author; each
author's name twice in the bio box; body paragraphs that themselves start with "The Kyiv
Independent" (so the fused line must be matched without a space); a bio with a typo; the byline
in site-local time with no zone; a bio role that changes on 2024-03-01 (a promotion).

dnipro-ledger (`render_dnipro`): British spelling, straight double quotes, "10 March" dates,
paragraphs on consecutive lines (no blank lines)::

     date 2024-03-11 Skip to main content
    The Dnipro Ledger
    Home | Ukraine | Europe | World | Business | Opinion | Podcasts
    Subscribe
    We use cookies to personalise content and ads and to analyse our traffic.
    Accept all cookies | Manage preferences
    <SECTION, upper case>
    <headline>
    <standfirst: one sentence>
    By NAME | 11 March 2024, 14:05 CET                 <- Europe/Berlin, CET or CEST
    <caption> Photograph: Photographer/Agency
    <paragraph lines>
    Topics: Ukraine · Russia · NATO
    Share this article
    More on this story
    <related headline> (two lines)
    © 2024 The Dnipro Ledger. All rights reserved.
    Privacy policy | Cookie policy | Terms of use | Contact us

baltic-wire (`render_baltic`): straight quotes, AP dates, blank line between paragraphs, no
caption, a "Latest" box whose first line may be a loss report in its own shape::

     date 2024-03-11 MENU
    Baltic Wire
    Search
    News  Politics  Security  Economy  Culture  Opinion
    Newsletters
    <headline>
    Published: 2024-03-11 14:05  Author: NAME          <- two spaces; Europe/Vilnius, no zone
    <blank>
    <paragraph> / <blank> ...
    Tags: Ukraine; Russia; Sanctions
    Read more:
    - <related headline> (two lines)
    Latest
    09:12 Russian losses: 424,060 personnel (+900), General Staff says
    <HH:MM> <news headline>
    Baltic Wire uses cookies. By continuing to browse you agree to our use of cookies. OK
    About us | Advertise | Contact | RSS
    Baltic Wire © 2024

black-sea-monitor (`render_bsm`): curly quotes, AP dates, blank-line paragraphs, the photo line
after the first paragraph::

     date 2024-03-11 Black Sea Monitor | Independent news from southern Ukraine
    Log in | Donate
    NEWS / <SECTION>
    <headline>
    NAME, Staff Correspondent
    11.03.2024 14:05                                   <- Europe/Kyiv, no zone
    [Updated: 11.03.2024 16:40]
    <blank>
    <paragraph> / <blank>
    Photo: <caption> © Photographer / Agency
    <blank>
    <paragraph> / <blank> ...
    Support independent journalism in southern Ukraine. Donate now
    This site uses cookies. Learn more | Got it
    © Black Sea Monitor, 2019–2024
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from random import Random
from zoneinfo import ZoneInfo

from corpus.feed import FeedItem
from corpus.formats import MONTHS, clock12, clock24, long_date
from corpus.text import Article
from corpus.vocab import AUTHORS_KI, PROMOTION_DATE_ISO

KI = "kyiv-independent"
DNIPRO = "dnipro-ledger"
BALTIC = "baltic-wire"
BSM = "black-sea-monitor"
OTHER_SITES = (DNIPRO, BALTIC, BSM)
SITE_ZONES = {
    KI: ZoneInfo("Europe/Kyiv"),
    DNIPRO: ZoneInfo("Europe/Berlin"),
    BALTIC: ZoneInfo("Europe/Vilnius"),
    BSM: ZoneInfo("Europe/Kyiv"),
}
_AUTHORS = {a.name: a for a in AUTHORS_KI}
_PROMOTION = date.fromisoformat(PROMOTION_DATE_ISO)
_SECTIONS = {
    "troops": "Politics",
    "air_defence": "Security",
    "energy": "Economy",
    "mobilisation": "Politics",
    "eu": "Europe",
    "sanctions": "Economy",
    "frontline": "War",
    "drones": "War",
    "grain": "Economy",
    "corruption": "Investigations",
    "reconstruction": "Economy",
    "prisoners": "Society",
}


def _header(capture: date, first_line: str) -> str:
    return f" date {capture.isoformat()} {first_line}"


def render_ki(
    art: Article, capture: date, card: tuple[str, str, str], feed: Sequence[FeedItem]
) -> str:
    """The seed's shape; `card` is (headline, teaser, author)."""
    head = art.head
    pub = head.published
    byline = f"by {' and '.join(head.authors)} {long_date(pub.date())} {clock12(pub.hour * 60 + pub.minute)}"
    lines = [
        _header(capture, "Skip to content"),
        ", ".join(art.tags),
        "Edit post",
        "",
        head.headline,
        "",
        byline,
        f"{art.caption} ({art.credit})",
        "This audio is created with AI assistance",
        "",
    ]
    for para in art.paragraphs:
        lines += (para, "")
    lines += (card[0], card[1], f"The Kyiv Independent{card[2]}")
    for name in head.authors:
        author = _AUTHORS[name]
        role = author.role
        if author.promoted_to and capture >= _PROMOTION:
            role = author.promoted_to
        lines += (name, name, role, author.bio)
    lines += ("Comments", "")
    for k, item in enumerate(feed):
        if k:
            lines.append("")
        lines += (item.truth.time_text, "", item.headline, "", item.body)
    lines.append("")
    return "\n".join(lines)


def _zone_abbrev(site: str, local: datetime) -> str:
    return local.replace(tzinfo=SITE_ZONES[site]).tzname() or ""


def render_dnipro(art: Article, capture: date, related: Sequence[str], standfirst: str) -> str:
    head = art.head
    pub = head.published
    stamp = f"{pub.day} {MONTHS[pub.month]} {pub.year}, {pub:%H:%M} {_zone_abbrev(DNIPRO, pub)}"
    lines = [
        _header(capture, "Skip to main content"),
        "The Dnipro Ledger",
        "Home | Ukraine | Europe | World | Business | Opinion | Podcasts",
        "Subscribe",
        "We use cookies to personalise content and ads and to analyse our traffic.",
        "Accept all cookies | Manage preferences",
        _SECTIONS[head.topic.key].upper(),
        head.headline,
        standfirst,
        f"By {head.authors[0]} | {stamp}",
        f"{art.caption} Photograph: {art.credit}",
        *art.paragraphs,
        "Topics: " + " · ".join(art.tags),
        "Share this article",
        "More on this story",
        *related,
        f"© {capture.year} The Dnipro Ledger. All rights reserved.",
        "Privacy policy | Cookie policy | Terms of use | Contact us",
        "",
    ]
    return "\n".join(lines)


def render_baltic(
    art: Article, capture: date, related: Sequence[str], latest: Sequence[tuple[str, str]]
) -> str:
    """`latest` holds (HH:MM, text) lines of the sidebar."""
    head = art.head
    pub = head.published
    lines = [
        _header(capture, "MENU"),
        "Baltic Wire",
        "Search",
        "News  Politics  Security  Economy  Culture  Opinion",
        "Newsletters",
        head.headline,
        f"Published: {pub:%Y-%m-%d %H:%M}  Author: {head.authors[0]}",
        "",
    ]
    for para in art.paragraphs:
        lines += (para, "")
    lines.append("Tags: " + "; ".join(art.tags))
    lines.append("Read more:")
    lines += [f"- {h}" for h in related]
    lines.append("Latest")
    lines += [f"{hhmm} {text}" for hhmm, text in latest]
    lines += [
        "Baltic Wire uses cookies. By continuing to browse you agree to our use of cookies. OK",
        "About us | Advertise | Contact | RSS",
        f"Baltic Wire © {capture.year}",
        "",
    ]
    return "\n".join(lines)


def render_bsm(art: Article, capture: date, rng: Random) -> str:
    head = art.head
    pub = head.published
    lines = [
        _header(capture, "Black Sea Monitor | Independent news from southern Ukraine"),
        "Log in | Donate",
        f"NEWS / {_SECTIONS[head.topic.key].upper()}",
        head.headline,
        f"{head.authors[0]}, Staff Correspondent",
        f"{pub:%d.%m.%Y %H:%M}",
    ]
    if rng.random() < 0.4:
        later = min(pub.hour * 60 + pub.minute + 30 + int(rng.random() * 300), 1439)
        lines.append(f"Updated: {pub:%d.%m.%Y} {clock24(later)}")
    lines.append("")
    photographer, agency = art.credit.split("/", 1)
    for k, para in enumerate(art.paragraphs):
        lines += (para, "")
        if k == 0:
            lines += (f"Photo: {art.caption} © {photographer} / {agency}", "")
    lines += [
        "Support independent journalism in southern Ukraine. Donate now",
        "This site uses cookies. Learn more | Got it",
        f"© Black Sea Monitor, 2019–{capture.year}",
        "",
    ]
    return "\n".join(lines)


def published_at(site: str, local: datetime) -> datetime:
    """The byline's site-local time as an aware datetime."""
    return local.replace(tzinfo=SITE_ZONES[site])
