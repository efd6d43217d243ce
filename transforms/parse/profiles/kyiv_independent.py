"""The Kyiv Independent (kyivindependent.com): the seed's site.

Page order: `Skip to content`, the tag list, `Edit post`, headline, byline
(`by NAME Month D, YYYY H:MM AM`, Kyiv time), lead-image caption ending in `(credit)`,
`This audio is created with AI assistance`, the body, related cards (headline, teaser,
`The Kyiv Independent` fused with the card's author), the author box (name twice, role, bio),
`Comments`, then the day's live-feed items (`9:07 AM`, headline, text).
"""

from transforms.parse.profiles import BioShape, CardShape, LiveShape, SiteProfile, rx, sig

_ROLE = (
    r"^(?:(?:Senior|Deputy|Chief|Managing|Executive|News|Business|Culture|Features|Opinion|"
    r"Video|Photo|Social Media|Investigative|War|Staff|Contributing|Associate)\s)*"
    r"(?:Reporter|Editor|Editor-in-Chief|Writer|Correspondent|Journalist|Producer|"
    r"Photographer|Columnist|Contributor|Intern|Director|Manager|Analyst|Editor-at-Large|"
    r"Photojournalist|Fellow)$"
)

PROFILE = SiteProfile(
    source="kyiv-independent",
    site_name="The Kyiv Independent",
    extra_site_names=("Kyiv Independent",),
    timezone="Europe/Kyiv",
    language="en",
    domains=("kyivindependent.com",),
    signatures=(
        sig(r"^This audio is created with AI assistance$"),
        sig(r"^The Kyiv Independent(?:[A-Z][^\n]*)?$"),
        rx(r"kyivindependent\.com"),
    ),
    chrome=frozenset(
        {
            "Skip to content",
            "Edit post",
            "This audio is created with AI assistance",
            "Comments",
            "Share",
            "Read also:",
            "Read more",
            "Most popular",
            "News Feed",
            "Subscribe",
        }
    ),
    end_lines=frozenset({"Comments", "News Feed", "Most popular"}),
    byline=rx(
        r"^[Bb]y (?P<authors>.+?),? (?P<when>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
        r"[a-z]*\.? \d{1,2}, \d{4}(?:,? \d{1,2}:\d{2} ?[AP]M)?)$"
    ),
    updated_line=rx(r"^(?:Updated|Last updated):? (?P<when>.+)$"),
    tags_line=rx(r"^(?P<tags>[^.!?:]{1,60}(?:, [^,.!?:]{1,60})*)$"),
    caption_credit=rx(r"^(?P<caption>.+?)\s*\((?P<credit>[^()]{3,100})\)$"),
    # the site name fused with the card's author: no space between them, or no author at all
    card=CardShape(
        site_line=rx(
            r"^(?P<site>The Kyiv Independent)(?P<author>[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3})?$"
        )
    ),
    bio=BioShape(role_line=rx(_ROLE)),
    live=LiveShape(
        time_line=rx(r"^(?P<hour>1[0-2]|0?[1-9]):(?P<minute>[0-5]\d) ?(?P<ampm>[AP]M)$"),
        end_lines=frozenset({"Load more", "More news"}),
    ),
)
