"""Declarative site profiles: how a known site lays out its pages.

A profile is data, not code: the lines that are the site's chrome, the lines that identify it,
its byline and time zone, and the shapes of its lead-image caption, related-article cards,
author bio boxes and live-feed items. `transforms.parse.profiled` reads any profile the same way.
Adding a site means adding a module here that defines `PROFILE` (and a fixture test); every
module in this package is discovered by `all_profiles()`.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from zoneinfo import ZoneInfo


def rx(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern, flags)


def sig(pattern: str) -> re.Pattern[str]:
    """A signature: searched in the whole dump, `^`/`$` at line ends."""
    return re.compile(pattern, re.MULTILINE)


@dataclass(frozen=True, slots=True)
class CardShape:
    """A related-article card: `lines_before` lines (headline, teaser) then a site line."""

    site_line: re.Pattern[str]  # groups: site, author (author may be empty)
    lines_before: int = 2


@dataclass(frozen=True, slots=True)
class BioShape:
    """An author box: the name (repeated `1..max_name_lines` times), a role line, the bio."""

    role_line: re.Pattern[str]
    max_name_lines: int = 3


@dataclass(frozen=True, slots=True)
class RelatedList:
    """A heading ("More on this story") over one line per related story."""

    heading: re.Pattern[str]
    item: re.Pattern[str]  # group: headline
    max_items: int = 6


@dataclass(frozen=True, slots=True)
class LiveShape:
    """A live-feed item: a time line (groups hour, minute, optional ampm and date), then a
    headline line and body lines up to the next time line or an end line. When the time line
    has a `headline` group the whole item is that one line ("09:12 Russian losses: ...")."""

    time_line: re.Pattern[str]
    heading: re.Pattern[str] | None = None  # items only after this line ("Latest")
    end_lines: frozenset[str] = frozenset()
    max_body_lines: int = 12
    newest_first: bool = True
    day_rollover: bool = True  # items are in time order, so a clock going forward is a day back
    report_lag_days: int = 0  # an undated loss report in an item is of this many days before


@dataclass(frozen=True, slots=True)
class SiteProfile:
    source: str  # stable site identity written to the warehouse
    site_name: str  # as printed on the page
    timezone: str  # IANA zone of times shown on the page
    signatures: tuple[re.Pattern[str], ...]  # any `min_signatures` of these lines => this site
    byline: re.Pattern[str]  # groups: authors, optional when
    min_signatures: int = 1
    date_line: re.Pattern[str] | None = None  # group when: the date under a byline without one
    standfirst: bool = False  # a one-sentence standfirst sits between headline and byline
    domains: tuple[str, ...] = ()
    language: str | None = None  # default when the text is too short to tell
    chrome: frozenset[str] = frozenset()  # exact lines that are always boilerplate
    chrome_patterns: tuple[re.Pattern[str], ...] = ()
    end_lines: frozenset[str] = frozenset()  # a line that ends the article body
    tags_line: re.Pattern[str] | None = None  # group tags: the tag list
    tags_separator: str = ", "
    tags_above_headline: bool = True  # else the tag line closes the body
    updated_line: re.Pattern[str] | None = None  # group: when
    caption_credit: re.Pattern[str] | None = None  # groups: caption, credit
    caption_in_body: bool = False  # the photo line sits among the paragraphs, not under the byline
    month_first: bool = True  # 03/11/2024 is March 11
    card: CardShape | None = None
    related_list: RelatedList | None = None
    bio: BioShape | None = None
    live: LiveShape | None = None
    extra_site_names: tuple[str, ...] = field(default_factory=tuple)
    # `chrome_patterns` as one pattern (None when they cannot be joined): see `is_chrome`
    _chrome_any: re.Pattern[str] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_chrome_any", _joined(self.chrome_patterns))

    @property
    def zone(self) -> ZoneInfo:
        return _zone(self.timezone)

    @property
    def site_names(self) -> tuple[str, ...]:
        return (self.site_name, *self.extra_site_names)

    def is_chrome(self, line: str) -> bool:
        if line in self.chrome:
            return True
        if self._chrome_any is not None:  # one search instead of one per pattern
            return self._chrome_any.search(line) is not None
        return any(p.search(line) for p in self.chrome_patterns)

    def chrome_marks(self, lines: list[str]) -> list[bool]:
        """`is_chrome` of each line, in one pass."""
        if self._chrome_any is None and self.chrome_patterns:
            return [self.is_chrome(line) for line in lines]
        chrome = self.chrome
        if self._chrome_any is None:
            return [line in chrome for line in lines]
        search = self._chrome_any.search
        return [line in chrome or search(line) is not None for line in lines]

    def matches(self, text: str) -> bool:
        """Whether `text` (a whole dump) carries this site's signature lines."""
        hits = 0
        for pattern in self.signatures:
            if pattern.search(text):
                hits += 1
                if hits >= self.min_signatures:
                    return True
        return False


def _joined(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str] | None:
    """`a|b|c` of patterns compiled with the same flags: it finds a match wherever one of them
    does. None when there are none, their flags differ, one has groups (a back-reference's
    number would change), or the joined text does not compile (a global inline flag)."""
    if not patterns or len({p.flags for p in patterns}) > 1 or any(p.groups for p in patterns):
        return None
    try:
        return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), patterns[0].flags)
    except re.error:
        return None


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


@cache
def all_profiles() -> tuple[SiteProfile, ...]:
    """Every profile module in this package, in name order."""
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        profile = getattr(module, "PROFILE", None)
        if isinstance(profile, SiteProfile):
            found.append(profile)
    return tuple(found)


@cache
def _any_signature() -> re.Pattern[str]:
    """One pattern for every profile's signatures: a page that matches none (most pages of
    unknown sites) is ruled out in a single scan. Neighbouring line-start signatures share
    one `^` (`^(?:a|b)` rather than `^a|^b`: 4x faster, the same matches)."""
    runs: list[tuple[bool, list[str]]] = []
    for pattern in (p.pattern for pr in all_profiles() for p in pr.signatures):
        anchored = _line_start(pattern)
        if runs and runs[-1][0] == anchored and anchored:
            runs[-1][1].append(pattern[1:])
        else:
            runs.append((anchored, [pattern[1:] if anchored else pattern]))
    parts = [
        ("^(?:" if anchored else "(?:") + "|".join(f"(?:{p})" for p in alts) + ")"
        for anchored, alts in runs
    ]
    return re.compile("|".join(parts), re.MULTILINE)


def _line_start(pattern: str) -> bool:
    """The pattern is `^` followed by a sequence. Conservative: any unescaped `|` (even one
    inside a group) says no, and the pattern is searched on its own."""
    if not pattern.startswith("^"):
        return False
    return "|" not in pattern.replace("\\\\", "").replace("\\|", "")


def profile_for(text: str, url: str | None = None) -> SiteProfile | None:
    """The profile whose domain matches `url`, else whose signature lines appear in `text`."""
    profiles = all_profiles()
    if url:
        host = re.sub(r"^https?://(?:www\.)?", "", url).split("/", 1)[0].lower()
        for profile in profiles:
            if any(host == d or host.endswith("." + d) for d in profile.domains):
                return profile
    hit = _any_signature().search(text)
    if hit is None:
        return None
    first = hit.group(0)
    owner = _sole_owner(first) if len(first) <= MAX_CACHED_HIT else _find_sole_owner(first)
    return owner or next((p for p in profiles if p.matches(text)), None)


def _find_sole_owner(first: str) -> SiteProfile | None:
    """The profile owning a signature hit, if it needs no second one."""
    for profile in all_profiles():
        if profile.min_signatures == 1 and any(p.search(first) for p in profile.signatures):
            return profile
    return None


MAX_CACHED_HIT = 200  # a site's signature lines are the same on every page: looked up once
_sole_owner = lru_cache(maxsize=1024)(_find_sole_owner)
sole_owner_cache = _sole_owner  # for `transforms.parse.clear_caches`


def by_source(source: str) -> SiteProfile | None:
    return next((p for p in all_profiles() if p.source == source), None)
