"""Baltic Wire (fictional, from the sample corpus; see `corpus.pages.render_baltic`).

Page order: chrome, headline, `Published: 2024-03-11 14:05  Author: NAME` (Vilnius time),
paragraphs between blank lines, `Tags: A; B; C`, `Read more:` over `- <headline>` lines,
then a `Latest` box of one-line items `HH:MM <text>` (the General Staff line reports the
figure published the day before), footer.
"""

from transforms.parse.profiles import LiveShape, RelatedList, SiteProfile, rx, sig

PROFILE = SiteProfile(
    source="baltic-wire",
    site_name="Baltic Wire",
    timezone="Europe/Vilnius",
    language="en",
    signatures=(sig(r"^Baltic Wire$"), sig(r"^Baltic Wire © \d{4}$")),
    chrome=frozenset(
        {
            "MENU",
            "Baltic Wire",
            "Search",
            "News Politics Security Economy Culture Opinion",
            "Newsletters",
            "About us | Advertise | Contact | RSS",
        }
    ),
    chrome_patterns=(rx(r"^Baltic Wire (?:©|uses cookies)"),),
    end_lines=frozenset({"Read more:", "Latest"}),
    byline=rx(r"^Published: (?P<when>\d{4}-\d{2}-\d{2} \d{2}:\d{2})\s+Author: (?P<authors>.+)$"),
    tags_line=rx(r"^Tags: (?P<tags>.+)$"),
    tags_separator="; ",
    tags_above_headline=False,
    related_list=RelatedList(heading=rx(r"^Read more:$"), item=rx(r"^- (?P<headline>.+)$")),
    live=LiveShape(
        heading=rx(r"^Latest$"),
        time_line=rx(r"^(?P<hour>[0-2]\d):(?P<minute>[0-5]\d) (?P<headline>.+)$"),
        day_rollover=False,
        report_lag_days=1,
    ),
)
