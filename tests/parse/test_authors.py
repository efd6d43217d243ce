from transforms.parse.authors import looks_like_name, normalise_authors


def test_roles_dropped_and_repeats_folded() -> None:
    assert normalise_authors(["Jane Roe", "Jane Roe", "Reporter"]) == ["Jane Roe"]
    assert normalise_authors("By Jane Roe and John Doe, Staff Writer") == ["Jane Roe", "John Doe"]
    assert normalise_authors("Von Anna Beispiel, dpa") == ["Anna Beispiel"]
    assert normalise_authors("dpa") == ["dpa"]  # an agency alone is still the byline


def test_site_name_fused_to_a_name_is_split() -> None:
    site = ("The Kyiv Independent",)
    assert normalise_authors("The Kyiv IndependentJane Roe", site) == ["Jane Roe"]
    assert normalise_authors("The Kyiv Independent", site, strict=True) == []


def test_strict_mode_keeps_only_name_shaped_pieces() -> None:
    assert normalise_authors("Recent posts, Jane Roe, 12 comments", strict=True) == ["Jane Roe"]
    assert looks_like_name("Ludwig van Beethoven")
    assert looks_like_name("J.R. Stone")
    assert not looks_like_name("read more about it")
    assert not looks_like_name("Jane Roe 2020")
