from datetime import date

from transforms.extract.entities import extract_entities
from transforms.records import ParsedPage

PARAS = [
    "Polish Foreign Minister Anna Nowicka met NATO officials in Brussels on Tuesday.",
    "Nowicka told the newspaper Gazeta Poranna that the Defense Ministry would buy more shells.",
    "The talks in Warsaw included representatives of the European Union and Ukraine.",
]


def test_people_places_organisations_and_tags() -> None:
    page = ParsedPage(
        "d",
        "d.txt",
        "x",
        date(2024, 1, 1),
        headline="Minister meets allies",
        paragraphs=PARAS,
        tags=["Security", "Poland"],
    )
    rows = extract_entities(page, "a1")
    found = {(e.entity, e.kind, e.origin) for e in rows}
    assert ("Anna Nowicka", "person", "text") in found
    assert ("NATO", "organisation", "text") in found
    assert ("Gazeta Poranna", "organisation", "text") in found  # after "the newspaper"
    assert ("Defense Ministry", "organisation", "text") in found
    assert ("European Union", "organisation", "text") in found
    assert {("Brussels", "place", "text"), ("Warsaw", "place", "text")} <= found
    assert ("Ukraine", "place", "text") in found
    assert ("Nowicka", "person", "text") not in found  # folded into the full name
    assert ("Polish", "person", "text") not in found
    assert {("Security", "topic", "tag"), ("Poland", "topic", "tag")} <= found
    assert all(e.article_id == "a1" for e in rows)
    assert len(rows) == len(found)  # one row per distinct entity
