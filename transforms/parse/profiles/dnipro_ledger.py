"""The Dnipro Ledger (fictional, from the sample corpus; see `corpus.pages.render_dnipro`).

Page order: chrome and cookie banner, SECTION, headline, one-sentence standfirst,
`By NAME | 11 March 2024, 14:05 CET` (Berlin time), `<caption> Photograph: <credit>`,
paragraphs on consecutive lines, `Topics: A · B · C`, `Share this article`,
`More on this story` over related headlines, footer.
"""

from transforms.parse.profiles import RelatedList, SiteProfile, rx, sig

PROFILE = SiteProfile(
    source="dnipro-ledger",
    site_name="The Dnipro Ledger",
    extra_site_names=("Dnipro Ledger",),
    timezone="Europe/Berlin",
    language="en",
    month_first=False,
    signatures=(
        sig(r"^The Dnipro Ledger$"),
        sig(r"^© \d{4} The Dnipro Ledger\."),
    ),
    chrome=frozenset(
        {
            "Skip to main content",
            "The Dnipro Ledger",
            "Home | Ukraine | Europe | World | Business | Opinion | Podcasts",
            "Subscribe",
            "We use cookies to personalise content and ads and to analyse our traffic.",
            "Accept all cookies | Manage preferences",
            "Share this article",
            "Privacy policy | Cookie policy | Terms of use | Contact us",
        }
    ),
    chrome_patterns=(rx(r"^[A-Z]{3,20}$"), rx(r"^© \d{4} The Dnipro Ledger\.")),
    end_lines=frozenset({"Share this article", "More on this story"}),
    byline=rx(
        r"^By (?P<authors>.+?) \| (?P<when>\d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2})"
        r"(?: [A-Z]{3,4})?$"
    ),
    standfirst=True,
    tags_line=rx(r"^Topics: (?P<tags>.+)$"),
    tags_separator=" · ",
    tags_above_headline=False,
    caption_credit=rx(r"^(?P<caption>.+?) Photograph: (?P<credit>.+)$"),
    related_list=RelatedList(heading=rx(r"^More on this story$"), item=rx(r"^(?P<headline>.+)$")),
)
