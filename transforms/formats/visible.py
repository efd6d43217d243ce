"""The visible text of an HTML page, laid out as the scraper's text dumps are.

A text dump is what a browser shows of a page: one line per block (paragraph, heading, list
item, table row, `div`), inline elements run together on their line exactly as rendered (so
`<span>The Kyiv Independent</span><span>Jane Doe</span>` is one fused line, as in the dumps),
and a blank line around paragraph-like blocks. Scripts, styles, templates, forms' options and
hidden elements show nothing. The walk is iterative: a page nested ten thousand deep cannot
exhaust the stack.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


SKIP = _words(
    "head script style noscript template svg math iframe object embed canvas select "
    "datalist audio video map area input textarea"
)
BLOCK = _words(
    "address article aside blockquote body center dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu nav ol p "
    "pre section summary table tbody thead tfoot tr caption legend ul html"
)
# blocks set apart by a blank line, as paragraphs are in the dumps
PARAGRAPH = _words("p h1 h2 h3 h4 h5 h6 blockquote pre figure table hr ul ol dl")
CELL = frozenset(("td", "th"))
_SPACE = re.compile(r"[ \t\n\r\f]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


class _Lines:
    def __init__(self) -> None:
        self.out: list[str] = []
        self.current: list[str] = []
        self.gap = False

    def text(self, text: str | None, pre: bool) -> None:
        if not text:
            return
        if pre:
            first, *rest = text.split("\n")
            self.current.append(first)
            for line in rest:
                self.flush(False)
                self.current.append(line)
        else:
            self.current.append(_SPACE.sub(" ", text))

    def flush(self, gap: bool) -> None:
        line = "".join(self.current).strip()
        self.current = []
        if line:
            if self.gap and self.out:
                self.out.append("")
            self.out.append(line)
            self.gap = False
        if gap:
            self.gap = True


def _hidden(el: HtmlElement) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def visible_text(root: HtmlElement) -> str:
    """The page's visible text: lines joined by LF, paragraphs set apart by a blank line."""
    lines = _Lines()
    pre_depth = 0
    skipped: set[HtmlElement] = set()
    walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    for event, el in walker:
        if event in ("comment", "pi"):
            lines.text(el.tail, pre_depth > 0)
            continue
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in SKIP or _hidden(el):
                walker.skip_subtree()
                skipped.add(el)
                continue
            if tag in BLOCK:
                lines.flush(tag in PARAGRAPH)
            elif tag == "br":
                lines.flush(False)
            elif tag in CELL and lines.current:
                lines.current.append(" ")
            if tag == "pre":
                pre_depth += 1
            lines.text(el.text, pre_depth > 0)
            continue
        if el in skipped:
            skipped.discard(el)
        else:
            if tag == "pre":
                pre_depth -= 1
            if tag in BLOCK:
                lines.flush(tag in PARAGRAPH)
        lines.text(el.tail, pre_depth > 0)
    lines.flush(False)
    return "\n".join(lines.out) + "\n"
