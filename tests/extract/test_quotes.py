from datetime import date

from transforms.extract.quotes import extract_quotes
from transforms.records import ParsedPage

PARAS = [
    "Deputy Energy Minister Olena Hrytsiuk said on Monday that repairs would take weeks.",
    "“We will restore supply as fast as the crews can work,” Hrytsiuk said.",
    "“Nobody should expect miracles this winter,” said Hrytsiuk, adding that imports would help.",
    "Hrytsiuk told the radio station: “The grid is holding, but it is fragile.”",
    "“It is a long road,” she added.",
    "“A quote with no one beside it, for once, which is never attributed.”",
    "Mayor Ludwig van Aalst said: “We are ready.” Later, “we will see,” van Aalst told reporters.",
]


def test_three_shapes_surnames_and_pronouns() -> None:
    page = ParsedPage("d", "d.txt", "x", date(2024, 1, 1), paragraphs=PARAS)
    got = [(q.speaker, q.verb, q.quote) for q in extract_quotes(page, "a")]
    assert got == [
        ("Olena Hrytsiuk", "said", "We will restore supply as fast as the crews can work"),
        ("Olena Hrytsiuk", "said", "Nobody should expect miracles this winter"),
        ("Olena Hrytsiuk", "told", "The grid is holding, but it is fragile"),
        ("Olena Hrytsiuk", "added", "It is a long road"),
        ("Ludwig van Aalst", "said", "We are ready."[:-1]),
        ("Ludwig van Aalst", "told", "we will see"),
    ]
