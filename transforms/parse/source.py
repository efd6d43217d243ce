"""Which site a page comes from, when no profile claims it.

In order: the document's URL, a copyright line naming the site (the same on every page of a
site, which keeps its learned boilerplate together), a web address printed in the page, else
"unknown". Names become lowercase slugs (`California Globe` -> `california-globe`).
"""

from __future__ import annotations

import re

UNKNOWN = "unknown"


def _words(text: str) -> list[str]:
    return text.split()


_URL = re.compile(r"(?:https?://(?:www\.)?|\bwww\.)((?:[a-z0-9-]+\.)+[a-z]{2,12})\b", re.I)
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?"
    r"(?P<name>[A-Z][\w&'’.-]*(?:\s+[A-Z0-9][\w&'’.-]*){0,4})",
)
_LEGAL = re.compile(r"\s+(?:Ltd|Limited|Inc|LLC|GmbH|AG|S\.?A|SAS|plc|Co|Corp)\.?$", re.I)
_SOCIAL = frozenset(
    _words(
        "twitter.com x.com facebook.com instagram.com youtube.com linkedin.com t.co bit.ly "
        "google.com apple.com wa.me pinterest.com reddit.com tiktok.com t.me telegram.me "
        "whatsapp.com goo.gl youtu.be flickr.com vimeo.com wikipedia.org"
    )
)
_SLUG = re.compile(r"[^a-z0-9]+")


def slug(name: str) -> str:
    return _SLUG.sub("-", name.lower()).strip("-")


def host_of(url: str) -> str | None:
    m = _URL.search(url)
    return m[1].lower() if m else None


def site_from_copyright(lines: list[str]) -> str | None:
    """The name in the last copyright line of the page (footers are at the bottom)."""
    for line in reversed(lines[-60:]):
        if len(line) > 200:
            continue
        m = _COPYRIGHT.search(line)
        if m:
            name = _LEGAL.sub("", m["name"].strip(" .,"))
            name = re.split(r"\s+(?:All|Alle|Tous|Todos|Tutti)\b", name)[0]
            if len(name) >= 3:
                return name
    return None


def detect_source(lines: list[str], url: str | None) -> tuple[str, str | None]:
    """(source slug, site name as printed if one was found)."""
    if url and (host := host_of(url)):
        return host.removeprefix("www."), None
    name = site_from_copyright(lines)
    if name:
        return slug(name), name
    for line in lines[:40] + lines[-40:]:
        if "." not in line or len(line) > 120:
            continue
        for m in _URL.finditer(line):
            host = m[1].lower()
            if host not in _SOCIAL:
                return host, None
    return UNKNOWN, None
