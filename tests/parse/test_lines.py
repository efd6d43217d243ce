from transforms.parse.lines import line_hash, split_lines


def test_line_hash_folds_whitespace_and_normalises() -> None:
    assert line_hash("Skip  to\tcontent ") == line_hash("Skip to content")
    assert line_hash("Cafe\u0301") == line_hash("Café")  # NFD and NFC spell the same line
    assert line_hash("Skip to content") != line_hash("Skip to Content")
    assert len(line_hash("x")) == 16


def test_split_lines_keeps_paragraph_gaps() -> None:
    lines, gaps = split_lines("Menu\nHome\n\nFirst  paragraph.\n\n\nSecond.\n")
    assert lines == ["Menu", "Home", "First paragraph.", "Second."]
    assert gaps == [False, False, True, True]
