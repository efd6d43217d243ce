"""The sample corpus as crawlers hand it over: HTML pages, a WARC crawl and JSON Lines.

Each page is the HTML of one generated text dump (`corpus.generate`), shaped like a real news
page: a `<head>` with title, canonical link, Open Graph and `article:*` metadata and JSON-LD, a
site header and navigation, the article (tags, kicker, `<h1>`, byline with `<time>`, lead
figure, paragraphs), asides (related cards, author boxes, the live feed) and a footer. Its
visible text, block by block, is the dump's text line by line (inline runs fused as a browser
shows them, e.g. `The Kyiv Independent` + the card author), so the text and HTML paths can be
compared on the same page. Pages carry a SingleFile comment with their URL and capture date,
as a saved page does. The WARC is written with warcio: a warcinfo record, then a request and
a response record per page, plus a robots.txt response that is not a page.
"""

from __future__ import annotations

import html
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from corpus import pages
from corpus.generate import iter_dumps
from corpus.labels import Label, SampleDump

DOMAINS = {
    pages.KI: "kyivindependent.com",
    pages.DNIPRO: "dnipro-ledger.example",
    pages.BALTIC: "baltic-wire.example",
    pages.BSM: "black-sea-monitor.example",
}
SITE_NAMES = {
    pages.KI: "The Kyiv Independent",
    pages.DNIPRO: "The Dnipro Ledger",
    pages.BALTIC: "Baltic Wire",
    pages.BSM: "Black Sea Monitor",
}
LANGS = {pages.KI: "en", pages.DNIPRO: "en-GB", pages.BALTIC: "en", pages.BSM: "en"}
KINDS = ("original", "other_site", "hard_negative")  # complete pages of distinct stories
CAPTURE_TIME = time(9, 30)  # UTC time of day the generated pages are saved/crawled
_SLUG = re.compile(r"[^a-z0-9]+")
_TIME = re.compile(r"^\d{1,2}:\d{2}(?: [AP]M)?$")


@dataclass(frozen=True)
class WebPage:
    name: str  # file name of the page (the dump's, with .html)
    dump_name: str  # the text dump it renders
    url: str
    capture_date: date
    html: str
    label: Label


def iter_webpages(
    n: int, seed: int = 0, kinds: Iterable[str] = KINDS
) -> Iterator[tuple[SampleDump, WebPage]]:
    """(text dump, HTML page) of every complete page among the first `n` dumps of the corpus."""
    wanted = set(kinds)
    for dump in iter_dumps(n, seed):
        if dump.label.kind in wanted and dump.label.encoding == "utf-8":
            page = webpage(dump)
            if page is not None:
                yield dump, page


def webpage(dump: SampleDump) -> WebPage | None:
    """The HTML page a text dump is the visible text of (None for a shape it cannot tell)."""
    label = dump.label
    text = dump.data.decode("utf-8")
    first, _, rest = text.partition("\n")
    header = f" date {label.capture_date.isoformat()} "
    if label.site not in DOMAINS or not first.startswith(header):
        return None
    lines = [first[len(header) :], *(line for line in rest.split("\n") if line.strip())]
    try:
        roles = _SPLITTERS[label.site](lines, label)
    except (ValueError, IndexError):
        return None
    url = f"https://{DOMAINS[label.site]}/news/{_SLUG.sub('-', label.headline.lower()).strip('-')}/"
    name = dump.name.removesuffix(".txt") + ".html"
    return WebPage(name, dump.name, url, label.capture_date, _render(roles, label, url), label)


# -- which line is which, per site (the layouts of corpus.pages) ------------------------------


def _ki(lines: list[str], label: Label) -> list[tuple[str, str]]:
    if lines[0] != "Skip to content" or lines[2] != "Edit post":
        raise ValueError("not the Kyiv Independent's shape")
    comments = lines.index("Comments")
    bio = comments - 4 * len(label.authors)
    card = bio - 3
    roles = [
        ("skip", lines[0]),
        ("tags", lines[1]),
        ("note", lines[2]),
        ("headline", lines[3]),
        ("byline", lines[4]),
        ("caption", lines[5]),
        ("note", lines[6]),
    ]
    roles += [("body", line) for line in lines[7:card]]
    roles += [("card-headline", lines[card]), ("card-teaser", lines[card + 1])]
    roles.append(("card-site", lines[card + 2]))
    for k in range(bio, comments, 4):
        roles += [("bio-name", lines[k]), ("bio-name", lines[k + 1])]
        roles += [("bio-role", lines[k + 2]), ("bio-text", lines[k + 3])]
    roles.append(("comments", lines[comments]))
    live = lines[comments + 1 :]
    for k in range(0, len(live) - 2, 3):
        if not _TIME.match(live[k]):
            raise ValueError("live item without its time")
        roles += [("live-time", live[k]), ("live-headline", live[k + 1])]
        roles.append(("live-body", live[k + 2]))
    return roles


def _dnipro(lines: list[str], label: Label) -> list[tuple[str, str]]:
    topics = next(i for i, line in enumerate(lines) if line.startswith("Topics: "))
    footer = next(i for i, line in enumerate(lines) if line.startswith("© "))
    roles = [
        ("skip", lines[0]),
        ("logo", lines[1]),
        ("nav", lines[2]),
        ("button", lines[3]),
        ("cookie", lines[4]),
        ("cookie", lines[5]),
        ("kicker", lines[6]),
        ("headline", lines[7]),
        ("standfirst", lines[8]),
        ("byline", lines[9]),
        ("caption", lines[10]),
    ]
    roles += [("body", line) for line in lines[11:topics]]
    roles += [("tags", lines[topics]), ("note", lines[topics + 1])]
    roles.append(("related-heading", lines[topics + 2]))
    roles += [("related", line) for line in lines[topics + 3 : footer]]
    roles += [("footer", line) for line in lines[footer:]]
    return roles


def _baltic(lines: list[str], label: Label) -> list[tuple[str, str]]:
    tags = next(i for i, line in enumerate(lines) if line.startswith("Tags: "))
    latest = lines.index("Latest")
    cookie = next(i for i, line in enumerate(lines) if line.startswith("Baltic Wire uses cookies"))
    roles = [
        ("button", lines[0]),
        ("logo", lines[1]),
        ("button", lines[2]),
        ("nav", lines[3]),
        ("button", lines[4]),
        ("headline", lines[5]),
        ("byline", lines[6]),
    ]
    roles += [("body", line) for line in lines[7:tags]]
    roles += [("tags", lines[tags]), ("related-heading", lines[tags + 1])]
    roles += [("related", line) for line in lines[tags + 2 : latest]]
    roles.append(("live-heading", lines[latest]))
    roles += [("live-line", line) for line in lines[latest + 1 : cookie]]
    roles += [("cookie", lines[cookie])]
    roles += [("footer", line) for line in lines[cookie + 1 :]]
    return roles


def _bsm(lines: list[str], label: Label) -> list[tuple[str, str]]:
    support = next(i for i, line in enumerate(lines) if line.startswith("Support independent"))
    start = 7 if lines[6].startswith("Updated: ") else 6
    roles = [
        ("logo", lines[0]),
        ("nav", lines[1]),
        ("kicker", lines[2]),
        ("headline", lines[3]),
        ("byline", lines[4]),
        ("date", lines[5]),
    ]
    if start == 7:
        roles.append(("date", lines[6]))
    roles += [
        ("photo" if line.startswith("Photo: ") else "body", line) for line in lines[start:support]
    ]
    roles += [("note", lines[support]), ("cookie", lines[support + 1])]
    roles += [("footer", line) for line in lines[support + 2 :]]
    return roles


_SPLITTERS = {pages.KI: _ki, pages.DNIPRO: _dnipro, pages.BALTIC: _baltic, pages.BSM: _bsm}

# -- HTML ---------------------------------------------------------------------------------------

_REGION = {
    "skip": "header", "logo": "header", "nav": "header", "button": "header", "cookie": "banner",
    "footer": "footer", "card-headline": "aside", "card-teaser": "aside", "card-site": "aside",
    "bio-name": "aside", "bio-role": "aside", "bio-text": "aside", "comments": "aside",
    "live-time": "aside", "live-headline": "aside", "live-body": "aside", "live-heading": "aside",
    "live-line": "aside", "related-heading": "aside", "related": "aside",
}  # fmt: skip
_OPEN = {
    "header": '<header class="site-header">',
    "banner": '<div class="cookie-banner" role="dialog">',
    "article": '<main id="main"><article class="post">',
    "aside": '<aside class="sidebar">',
    "footer": '<footer class="site-footer">',
}
_CLOSE = {
    "header": "</header>",
    "banner": "</div>",
    "article": "</article></main>",
    "aside": "</aside>",
    "footer": "</footer>",
}


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _links(text: str, sep: str, rel: str = "tag") -> str:
    return sep.join(f'<a href="/tag/{_slug(t)}/" rel="{rel}">{_e(t)}</a>' for t in text.split(sep))


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")


def _authors_linked(line: str, authors: Iterable[str]) -> str:
    out = _e(line)
    for name in authors:
        out = out.replace(
            _e(name), f'<a href="/author/{_slug(name)}/" rel="author">{_e(name)}</a>', 1
        )
    return out


def _element(role: str, line: str, label: Label) -> str:
    published = label.published_at.isoformat() if label.published_at else ""
    if role == "skip":
        return f'<a class="skip-link screen-reader-text" href="#main">{_e(line)}</a>'
    if role == "logo":
        return f'<div class="logo"><a href="/">{_e(line)}</a></div>'
    if role == "nav":
        sep = next((s for s in (" | ", "  ") if s in line), None)
        inner = _links(line, sep, "nofollow") if sep else _e(line)
        return f'<nav class="main-menu">{inner}</nav>'
    if role == "button":
        return f'<button type="button">{_e(line)}</button>'
    if role == "tags":
        prefix, sep = next(
            ((p, s) for p, s in (("Tags: ", "; "), ("Topics: ", " · ")) if line.startswith(p)),
            ("", ", "),
        )
        return f'<div class="post-tags">{_e(prefix)}{_links(line[len(prefix) :], sep)}</div>'
    if role == "kicker":
        return f'<div class="kicker"><a href="/section/{_slug(line)}/">{_e(line)}</a></div>'
    if role == "headline":
        return f'<h1 class="entry-title">{_e(line)}</h1>'
    if role == "standfirst":
        return f'<p class="standfirst">{_e(line)}</p>'
    if role == "byline":
        inner = _authors_linked(line, label.authors)
        return f'<div class="byline" data-published="{_e(published)}">{inner}</div>'
    if role == "date":
        return f'<div class="dateline"><time datetime="{_e(published)}">{_e(line)}</time></div>'
    if role in ("caption", "photo"):
        m = re.match(r"^(.*?)(\s*(?:\([^()]+\)|Photograph: .+|© .+))$", line)
        text, credit = (m[1], m[2]) if m else (line, "")
        credit_html = f'<span class="credit">{_e(credit)}</span>' if credit else ""
        return (
            f'<figure class="wp-block-image"><img src="/images/{_slug(text)[:40]}.jpg" '
            f'alt="{_e(text)}" loading="lazy"><figcaption>{_e(text)}{credit_html}</figcaption>'
            "</figure>"
        )
    if role == "body":
        return f"<p>{_e(line)}</p>"
    if role == "card-headline":
        return f'<div class="card"><h3 class="card-title"><a href="/news/{_slug(line)}/">{_e(line)}</a></h3>'
    if role == "card-teaser":
        return f'<p class="card-excerpt">{_e(line)}</p>'
    if role == "card-site":
        site = SITE_NAMES[pages.KI]
        author = line[len(site) :] if line.startswith(site) else line
        return (
            f'<div class="card-meta"><span class="card-site">{_e(site)}</span>'
            f'<span class="card-author">{_e(author)}</span></div></div>'
        )
    if role == "bio-name":
        return f'<div class="author-name"><a href="/author/{_slug(line)}/">{_e(line)}</a></div>'
    if role == "bio-role":
        return f'<div class="author-role">{_e(line)}</div>'
    if role == "bio-text":
        return f'<p class="author-bio">{_e(line)}</p>'
    if role == "comments":
        return (
            f'<section class="comments"><h2>{_e(line)}</h2><div id="comments-root"></div></section>'
        )
    if role in ("live-heading", "related-heading"):
        return f'<h2 class="widget-title">{_e(line)}</h2>'
    if role == "live-time":
        return f'<div class="feed-item"><time class="feed-time">{_e(line)}</time>'
    if role == "live-headline":
        return f'<h3 class="feed-title">{_e(line)}</h3>'
    if role == "live-body":
        return f'<div class="feed-text"><p>{_e(line)}</p></div></div>'
    if role == "live-line":
        hhmm, _, text = line.partition(" ")
        return f'<div class="latest-item"><time>{_e(hhmm)}</time> <a href="/live/">{_e(text)}</a></div>'
    if role == "related":
        return f'<div class="related-item"><a href="/news/{_slug(line)}/">{_e(line)}</a></div>'
    return f'<div class="{role}">{_e(line)}</div>'


def _head(label: Label, url: str, body: list[str]) -> str:
    site = SITE_NAMES[label.site]
    published = label.published_at.isoformat() if label.published_at else ""
    description = body[0][:155] if body else ""
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": label.headline,
        "datePublished": published,
        "author": [{"@type": "Person", "name": a} for a in label.authors],
        "publisher": {"@type": "Organization", "name": site},
        "mainEntityOfPage": url,
    }
    metas = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(label.headline)} | {_e(site)}</title>",
        f'<link rel="canonical" href="{_e(url)}">',
        f'<meta name="description" content="{_e(description)}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:title" content="{_e(label.headline)}">',
        f'<meta property="og:url" content="{_e(url)}">',
        f'<meta property="og:site_name" content="{_e(site)}">',
        f'<meta name="author" content="{_e(", ".join(label.authors))}">',
        f'<meta property="article:published_time" content="{_e(published)}">',
        *(f'<meta property="article:tag" content="{_e(t)}">' for t in label.tags),
        '<link rel="stylesheet" href="/assets/site.css">',
        '<script src="/assets/app.js" defer></script>',
        '<script type="application/ld+json">'
        + json.dumps(ld, ensure_ascii=False).replace("</", "<\\/")
        + "</script>",
        "<style>.screen-reader-text{position:absolute;left:-9999px}</style>",
    ]
    return "<head>\n" + "\n".join(metas) + "\n</head>"


def _saved(url: str, capture: date) -> str:
    when = datetime.combine(capture, CAPTURE_TIME, tzinfo=UTC)
    stamp = when.strftime("%a %b %d %Y %H:%M:%S GMT+0000 (Coordinated Universal Time)")
    return f"<!--\n Page saved with SingleFile \n url: {url} \n saved date: {stamp}\n-->"


def _render(roles: list[tuple[str, str]], label: Label, url: str) -> str:
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{LANGS[label.site]}" class="no-js">{_saved(url, label.capture_date)}',
        _head(label, url, [line for role, line in roles if role == "body"]),
        f'<body class="single single-post site-{label.site}">',
    ]
    region = None
    in_body = False
    for role, line in roles:
        want = _REGION.get(role, "article")
        if want != region:
            if in_body:
                parts.append("</div>")
                in_body = False
            if region:
                parts.append(_CLOSE[region])
            parts.append(_OPEN[want])
            region = want
        if role in ("body", "photo") and not in_body:
            parts.append('<div class="entry-content">')
            in_body = True
        elif role not in ("body", "photo") and in_body:
            parts.append("</div>")
            in_body = False
        parts.append(_element(role, line, label))
    if in_body:
        parts.append("</div>")
    if region:
        parts.append(_CLOSE[region])
    parts += ['<script>document.documentElement.className="js";</script>', "</body>", "</html>", ""]
    return "\n".join(parts)


# -- containers ---------------------------------------------------------------------------------


def warc_bytes(webpages: Iterable[WebPage], gzip: bool = True) -> tuple[bytes, list[int]]:
    """A WARC of the pages (request + response per page, robots.txt first) and the byte offset
    of every record, in order (record k starts at offsets[k - 1])."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    offsets: list[int] = []

    def write(record) -> None:
        offsets.append(out.tell())
        writer.write_record(record)

    info = writer.create_warcinfo_record(
        "newsware-sample.warc.gz", {"software": "newsware corpus.webpages", "format": "WARC 1.1"}
    )
    write(info)
    robots_done = False
    for page in webpages:
        when = datetime.combine(page.capture_date, CAPTURE_TIME, tzinfo=UTC)
        warc_date = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        if not robots_done:
            robots = f"https://{page.url.split('/')[2]}/robots.txt"
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/plain")], protocol="HTTP/1.1")
            write(
                writer.create_warc_record(
                    robots,
                    "response",
                    payload=io.BytesIO(b"User-agent: *\nDisallow: /admin/\n"),
                    http_headers=http,
                    warc_headers_dict={"WARC-Date": warc_date},
                )
            )
            robots_done = True
        host = page.url.split("/")[2]
        request = StatusAndHeaders(
            f"GET /{page.url.split('/', 3)[3]} HTTP/1.1",
            [("Host", host), ("User-Agent", "newsware-crawler/1.0")],
            is_http_request=True,
        )
        write(
            writer.create_warc_record(
                page.url,
                "request",
                payload=io.BytesIO(b""),
                http_headers=request,
                warc_headers_dict={"WARC-Date": warc_date},
            )
        )
        body = page.html.encode("utf-8")
        http = StatusAndHeaders(
            "200 OK",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
            protocol="HTTP/1.1",
        )
        write(
            writer.create_warc_record(
                page.url,
                "response",
                payload=io.BytesIO(body),
                http_headers=http,
                warc_headers_dict={"WARC-Date": warc_date},
            )
        )
    return out.getvalue(), offsets


def jsonl_bytes(records: Iterable[tuple[SampleDump, WebPage]], field: str = "html") -> bytes:
    """JSON Lines of the pages: `{url, captured_at, html}` (or `text`: the dump's page text)."""
    lines = []
    for dump, page in records:
        captured = datetime.combine(page.capture_date, CAPTURE_TIME, tzinfo=UTC)
        record = {"url": page.url, "captured_at": captured.isoformat().replace("+00:00", "Z")}
        if field == "html":
            record["html"] = page.html
        else:
            record["text"] = dump.data.decode("utf-8").split(" ", 3)[3]  # without the header
        lines.append(json.dumps(record, ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_webpages(out: Path, n: int = 200, seed: int = 0) -> dict[str, int]:
    """Write the HTML pages of the first `n` dumps, a WARC and a JSON Lines file of them into
    `out`; returns how many pages each holds."""
    out = Path(out)
    (out / "html").mkdir(parents=True, exist_ok=True)
    both = list(iter_webpages(n, seed))
    for _, page in both:
        (out / "html" / page.name).write_text(page.html, encoding="utf-8")
    warc, _ = warc_bytes(page for _, page in both)
    (out / "crawl.warc.gz").write_bytes(warc)
    (out / "pages.jsonl").write_bytes(jsonl_bytes(both))
    return {"html": len(both), "warc": len(both), "jsonl": len(both)}
