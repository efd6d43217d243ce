"""Compose articles from the topic grammars in `corpus.topics`.

An article is drawn from one `random.Random` in two steps, so a cheap `build_head` (headline,
lede, speakers) can be re-drawn for related-article cards without the body. The main speaker
is introduced once with full name and role ("Italian Defense Minister Marco Bellandi", or an
appositive "Oleh Moroz, a spokesperson for the 47th Mechanized Brigade,") and afterwards
referred to by surname, including in quote attributions (“…,” Bellandi said).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from random import Random
from typing import TypeVar

from corpus.formats import ap_date, ap_date_year
from corpus.labels import QuoteTruth
from corpus.people import office_holder, public_last_names
from corpus.topics import BRIGADES, CAPTION_EXTRA, GENERIC, POOLS, TOPICS, Role, Topic
from corpus.vocab import (
    AGENCIES,
    AUTHORS_KI,
    CITIES,
    FIRST,
    FRONT_PLACES,
    NATION_TAGS,
    NATIONS,
    OUTLETS,
    PHOTOGRAPHERS,
    PLATFORMS,
    RUSSIAN_REGIONS,
    WIRES,
)

T = TypeVar("T")
_SLOT = re.compile(r"\{(\w+)\}")
_PARTS: dict[str, list[str]] = {}
_MAX_PARTS = 4096
_NO_ADJ = ("ua", "ru")
# Titles that differ by country: (nation, generic title) -> local title.
_LOCAL_TITLE = {
    ("us", "Defense Minister"): "Defense Secretary",
    ("us", "Foreign Minister"): "Deputy Secretary of State",
    ("us", "Finance Minister"): "Treasury Secretary",
    ("us", "Development Minister"): "Development Agency Administrator",
    ("us", "Prime Minister"): "Senate Majority Leader",
    ("uk", "Defense Minister"): "Defence Secretary",
    ("uk", "Foreign Minister"): "Foreign Secretary",
    ("uk", "Finance Minister"): "Chancellor of the Exchequer",
}


def pick(seq: Sequence[T], rng: Random) -> T:
    return seq[int(rng.random() * len(seq))]


class Draw:
    """Template expansion with an article's context; avoids repeating a pool's choice."""

    __slots__ = ("ctx", "pools", "rng", "used")

    def __init__(self, ctx: dict[str, str], pools: Mapping[str, tuple[str, ...]], rng: Random):
        self.ctx, self.pools, self.rng = ctx, pools, rng
        self.used: set[str] = set()

    def choose(self, name: str) -> str:
        pool = self.pools[name]
        rnd = self.rng.random
        for _ in range(8):
            choice = pool[int(rnd() * len(pool))]
            if choice not in self.used:
                break
        self.used.add(choice)
        return choice

    def __call__(self, template: str) -> str:
        parts = _PARTS.get(template)
        if parts is None:
            parts = _SLOT.split(template)
            if len(_PARTS) < _MAX_PARTS:  # templates are static; the cap is a safety net
                _PARTS[template] = parts
        if len(parts) == 1:
            return template
        out = []
        ctx = self.ctx
        for k, part in enumerate(parts):
            if k & 1:
                value = ctx.get(part)
                out.append(self(self.choose(part)) if value is None else value)
            else:
                out.append(part)
        return "".join(out)


@dataclass(frozen=True, slots=True)
class Voice:
    """How a site writes: date style, quote marks, spelling."""

    site_self: str  # how the site names itself in running text
    date: Callable[[date], str] = ap_date
    date_year: Callable[[date], str] = ap_date_year
    straight_quotes: bool = False
    british: bool = False


KI_VOICE = Voice("the Kyiv Independent")

_BRITISH = (
    ("defense", "defence"),
    ("Defense", "Defence"),
    ("mobiliz", "mobilis"),
    ("armored", "armoured"),
    ("recogniz", "recognis"),
    ("emphasiz", "emphasis"),
    ("neighbor", "neighbour"),
    ("center", "centre"),
)


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str
    surname: str
    gender: str
    nation: str
    title: str  # "Italian Defense Minister" or "a spokesperson for the 47th ... Brigade"
    head: str  # headline form, e.g. "Italian minister"
    appositive: bool  # "Name, title," instead of "Title Name"

    @property
    def full(self) -> str:
        return f"{self.name}, {self.title}," if self.appositive else f"{self.title} {self.name}"


@dataclass(frozen=True, slots=True)
class Head:
    key: int
    topic: Topic
    authors: tuple[str, ...]
    speaker: Speaker
    speaker2: Speaker
    headline: str
    lede: str
    published: datetime  # naive, site-local
    ctx: dict[str, str]
    curly: float  # share of paragraphs whose apostrophes are typographic (a seed quirk)

    @property
    def pools(self) -> dict[str, tuple[str, ...]]:
        return POOLS[(self.topic.key, self.speaker.nation != "ua")]


@dataclass(frozen=True, slots=True)
class Article:
    head: Head
    tags: tuple[str, ...]
    caption: str
    credit: str  # "Name/Agency"
    paragraphs: tuple[str, ...]
    quotes: tuple[QuoteTruth, ...]


def _article_for(title: str) -> str:
    if title.startswith(("commander", "mayor", "head", "human rights", "spokesperson for the C")):
        return "the"
    return "an" if title[0] in "aeiou" else "a"


def make_speaker(
    role: Role, ctx: Mapping[str, str], rng: Random, year: int, avoid: str = ""
) -> Speaker:
    """The office holder for `role` that year, or (for `many` roles) a new person."""
    nation = pick(role.nations, rng)
    title = Draw(dict(ctx), {}, rng)(role.role)
    holder = None if role.many else office_holder(nation, title, year)
    if holder is None:
        gender = "m" if rng.random() < 0.62 else "f"
        first, last = pick(FIRST[nation][gender], rng), pick(public_last_names(nation), rng)
        if last == avoid:
            last = pick(public_last_names(nation), rng)
    else:
        gender, first, last = holder
    adj = NATIONS[nation][0]
    local = _LOCAL_TITLE.get((nation, title))
    head = f"{adj} {local.lower()}" if local else role.head.replace("{adj}", adj)
    appositive = title[0].islower()
    if appositive:
        title = f"{_article_for(title)} {title}"
    elif nation not in _NO_ADJ:
        title = f"{adj} {local or title}"
    return Speaker(f"{first} {last}", last, gender, nation, title, head, appositive)


def _speaker_ctx(ctx: dict[str, str], s: Speaker, suffix: str) -> None:
    he = s.gender == "m"
    ctx[f"spk{suffix}_full"] = s.full
    ctx[f"spk{suffix}_name"] = s.name
    ctx[f"spk{suffix}_sur"] = s.surname
    ctx[f"spk{suffix}_head"] = s.head
    adj, country, capital = NATIONS[s.nation]
    ctx[f"spk{suffix}_adj"] = adj
    ctx[f"spk{suffix}_country"] = country
    ctx[f"spk{suffix}_capital"] = capital
    ctx[f"pron{suffix}"] = "he" if he else "she"
    ctx[f"Pron{suffix}"] = "He" if he else "She"
    ctx[f"poss{suffix}"] = "his" if he else "her"
    ctx[f"Poss{suffix}"] = "His" if he else "Her"


def _polish(text: str, voice: Voice, curly: bool) -> str:
    if text[0].islower():
        text = text[0].upper() + text[1:]
    if curly:
        text = text.replace("'s ", "’s ").replace("n't", "n’t")
    if voice.straight_quotes:
        text = text.replace("“", '"').replace("”", '"')
    if voice.british:
        for us, gb in _BRITISH:
            text = text.replace(us, gb)
    return text


def build_head(
    rng: Random,
    key: int,
    capture: date,
    voice: Voice = KI_VOICE,
    author_pool: Sequence[str] | None = None,
    like: Head | None = None,
) -> Head:
    """Draw topic, authors, speakers, headline and lede; `like` forces topic/authors/speaker."""
    topic = like.topic if like else TOPICS[int(rng.random() * len(TOPICS))]
    if like:
        authors = like.authors
    elif author_pool is None:
        beat = [a.name for a in AUTHORS_KI if topic.key in a.beats]
        authors = (pick(beat, rng),)
        if rng.random() < 0.08:
            other = pick([a.name for a in AUTHORS_KI], rng)
            authors = authors if other == authors[0] else (authors[0], other)
    else:
        authors = (pick(author_pool, rng),)
    offset = 0 if rng.random() < 0.6 else (1 if rng.random() < 0.75 else 2)
    published = datetime.combine(capture - timedelta(days=offset), datetime.min.time())
    published += timedelta(minutes=int(rng.random() * 1440))
    pub = published.date()
    place = pick(FRONT_PLACES if topic.places == "front" else CITIES, rng)
    ctx = {
        "d0": voice.date(pub),
        "d1": voice.date(pub - timedelta(days=1)),
        "d2": voice.date(pub - timedelta(days=2 + int(rng.random() * 5))),
        "cap_date": voice.date_year(pub - timedelta(days=int(rng.random() * 40))),
        "place": place.city,
        "place_full": place.full,
        "oblast": place.oblast or "Kyiv Oblast",
        "region": pick(RUSSIAN_REGIONS, rng),
        "brigade": pick(BRIGADES, rng),
        "wire": pick(WIRES, rng),
        "platform": pick(PLATFORMS, rng),
        "site_self": voice.site_self,
        "Site_self": voice.site_self[0].upper() + voice.site_self[1:],
    }
    year = capture.year
    speaker = like.speaker if like else make_speaker(pick(topic.speakers, rng), ctx, rng, year)
    for _ in range(4):
        speaker2 = make_speaker(pick(topic.speakers2, rng), ctx, rng, year, speaker.surname)
        if speaker2.surname != speaker.surname:
            break
    _speaker_ctx(ctx, speaker, "")
    _speaker_ctx(ctx, speaker2, "2")
    outlet_nation = speaker.nation if speaker.nation in OUTLETS else "ua"
    outlet_name = pick(OUTLETS[outlet_nation], rng)
    kind = pick(("newspaper", "newspaper", "outlet", "broadcaster"), rng)
    bare = outlet_name[4:] if outlet_name.startswith("the ") else outlet_name
    ctx["outlet"] = f"the {NATIONS[outlet_nation][0]} {kind} {bare}"
    ctx["outlet_name"] = outlet_name
    curly = (0.0, 0.0, 0.3, 0.6)[int(rng.random() * 4)]
    draw = Draw(ctx, POOLS[(topic.key, speaker.nation != "ua")], rng)
    headline = _polish(draw(draw.choose("headline")), voice, rng.random() < curly)
    if like and headline == like.headline:
        headline = _polish(draw(draw.choose("headline")), voice, False)
    lede = _polish(draw(draw.choose("lede")), voice, rng.random() < curly)
    return Head(key, topic, authors, speaker, speaker2, headline, lede, published, ctx, curly)


_ATTRIBUTIONS: tuple[tuple[str, str], ...] = (
    ("“{q},” {sur} said.", "said"),
    ("“{q},” {sur} said.", "said"),
    ("“{q},” {sur} said, according to {wire}.", "said"),
    ("“{q},” {sur} told {outlet_name}.", "told"),
    ("“{q},” {sur} wrote on {platform}.", "wrote"),
    ("“{q},” {sur} said at a press conference in {spk_capital}.", "said"),
    ("“{q},” {sur} added.", "added"),
    ("{sur} said: “{q}.”", "said"),
)


def _quote(draw: Draw, surname: str, full_name: str, voice: Voice) -> tuple[str, QuoteTruth]:
    rng = draw.rng
    text = draw.choose("quote")
    if rng.random() < 0.3:
        joiner = "... " if rng.random() < 0.3 else ". "
        text = f"{text}{joiner}{draw.choose('quote')}"
    form, verb = _ATTRIBUTIONS[int(rng.random() * len(_ATTRIBUTIONS))]
    said = Draw({**draw.ctx, "q": text, "sur": surname}, draw.pools, rng)
    para = _polish(said(form), voice, False)
    return para, QuoteTruth(full_name, verb, text)


def build_article(
    rng: Random, head: Head, voice: Voice = KI_VOICE, shared: Sequence[str] = ()
) -> Article:
    """Draw the body after `build_head`; `shared` paragraphs are reused verbatim (hard negatives)."""
    topic, ctx = head.topic, head.ctx
    draw = Draw(ctx, head.pools, rng)
    draw.used.update((head.headline, head.lede))
    s1, s2 = head.speaker, head.speaker2
    quotes: list[QuoteTruth] = []
    body: list[str] = []

    def say(template: str) -> None:
        body.append(_polish(draw(template), voice, rng.random() < head.curly))

    def quote(surname: str, name: str) -> None:
        para, truth = _quote(draw, surname, name, voice)
        body.append(para)
        quotes.append(truth)

    intro2 = False
    if rng.random() < 0.85:
        say(draw.choose("context"))
        intro2 = s2.name in body[-1]
    middle: list[Callable[[], None]] = [
        lambda: say(draw.choose("paraphrase")),
        lambda: quote(s1.surname, s1.name),
        lambda: say(draw.choose("interview")),
        lambda: say(draw.choose("pronoun")),
    ]
    if rng.random() < 0.75:
        middle.append(lambda: quote(s1.surname, s1.name))
    k = 1 + int(rng.random() * (len(middle) - 1))
    if rng.random() < 0.5:
        middle[k - 1], middle[k] = middle[k], middle[k - 1]
    for step in middle:
        step()
    if rng.random() < 0.7:
        if not intro2:
            say("{spk2_full} said on {d2} that {claim}.")
        if rng.random() < 0.5:
            quote(s2.surname, s2.name)
    background = list(topic.pools["background"]) + list(GENERIC["war_bg"])
    for template in rng.sample(background, 1 + int(rng.random() * 3)):
        say(template)
    if rng.random() < 0.5:
        say(draw.choose("closing"))
    if shared:
        body = [p for p in body if p not in shared]
        at = min(len(body), 2)
        body[at:at] = list(shared)
    tags = _tags(rng, topic, s1, s2)
    template = draw.choose("caption")
    caption = draw(template)
    if "{place" in template and rng.random() < 0.4:
        caption = f"{caption} {pick(CAPTION_EXTRA, rng)}"
    credit = f"{pick(PHOTOGRAPHERS, rng)}/{pick(AGENCIES, rng)}"
    paragraphs = (head.lede, *body)
    return Article(head, tags, _polish(caption, voice, False), credit, paragraphs, tuple(quotes))


def _tags(rng: Random, topic: Topic, s1: Speaker, s2: Speaker) -> tuple[str, ...]:
    tags = ["Ukraine"] if rng.random() < 0.9 else []
    if rng.random() < 0.8:
        tags.append("Russia")
    for s in (s1, s2):
        tag = NATION_TAGS[s.nation]
        if tag not in tags and rng.random() < 0.7:
            tags.append(tag)
    for tag in rng.sample(topic.tags, 2 + int(rng.random() * 2)):
        if tag not in tags:
            tags.append(tag)
    if rng.random() < 0.25:
        tags.append(s1.name)
    return tuple(tags)


def teaser(lede: str, rng: Random) -> str:
    """A card teaser: the lede cut at a word boundary, without an ellipsis (as the seed's)."""
    limit = 150 + int(rng.random() * 90)
    if len(lede) <= limit:
        return lede
    return lede[:limit].rsplit(" ", 1)[0].rstrip(",;:")
