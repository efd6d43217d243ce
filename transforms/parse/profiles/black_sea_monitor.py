"""Black Sea Monitor (fictional, from the sample corpus; see `corpus.pages.render_bsm`).

Page order: `Black Sea Monitor | Independent news from southern Ukraine`, `Log in | Donate`,
`NEWS / SECTION`, headline, `NAME, Staff Correspondent`, `11.03.2024 14:05` (Kyiv time),
optional `Updated: 11.03.2024 16:40`, paragraphs between blank lines with
`Photo: <caption> © Photographer / Agency` after the first one, donation appeal, footer.
"""

from transforms.parse.profiles import SiteProfile, rx, sig

PROFILE = SiteProfile(
    source="black-sea-monitor",
    site_name="Black Sea Monitor",
    timezone="Europe/Kyiv",
    language="en",
    month_first=False,
    signatures=(
        sig(r"^Black Sea Monitor \| Independent news"),
        sig(r"^© Black Sea Monitor, "),
    ),
    chrome=frozenset(
        {
            "Black Sea Monitor | Independent news from southern Ukraine",
            "Log in | Donate",
            "Support independent journalism in southern Ukraine. Donate now",
            "This site uses cookies. Learn more | Got it",
        }
    ),
    chrome_patterns=(rx(r"^NEWS / [A-Z ]+$"), rx(r"^© Black Sea Monitor, ")),
    end_lines=frozenset({"Support independent journalism in southern Ukraine. Donate now"}),
    byline=rx(
        r"^(?P<authors>[A-Z][^,]{2,60}), (?P<role>(?:Staff |Senior |Chief )?"
        r"(?:Correspondent|Reporter|Editor|Writer))$"
    ),
    date_line=rx(r"^(?P<when>\d{2}\.\d{2}\.\d{4} \d{2}:\d{2})$"),
    updated_line=rx(r"^Updated: (?P<when>.+)$"),
    caption_credit=rx(r"^Photo: (?P<caption>.+?) © (?P<credit>.+)$"),
    caption_in_body=True,
)
