"""bench.run's verdicts on the issue's targets: a small miss is shown as one, not as 0%."""

from __future__ import annotations

from bench.run import targets


def _results(rate: float, rss: int) -> dict:
    full = {"dumps_per_s": rate, "peak_rss_tree_mb": rss, "peak_pss_tree_mb": 1818}
    return {"sizes": [{"n": 1_000_000, "full": full, "night": {"wall_s": 32.3}}]}


def test_a_near_miss_keeps_its_size():
    lines = targets(_results(1_551, 2057))
    assert "(missed by 8.8%)" in lines[0]
    assert "2057 MB (missed by 0.4%); the tree's PSS 1818 MB" in lines[1]
    assert lines[2].endswith("32.3s")


def test_met_targets_say_so():
    lines = targets(_results(1_765, 2048))
    assert "(met)" in lines[0] and "(met)" in lines[1]
