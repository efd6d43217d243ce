"""What an operator sees: progress lines while processing and a Markdown summary artifact."""

from __future__ import annotations

import asyncio
import logging

from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

from corpus.generate import write_corpus
from flows.nightly import nightly
from flows.progress import ARTIFACT_KEY, Progress, summary_markdown


def _summary(**over) -> dict:
    base = {
        "run_id": "r1",
        "status": "published",
        "warehouse": "/w",
        "files_seen": 3,
        "files_new": 3,
        "ledger": {"published": 2, "quarantined": 1},
        "counts": {"articles": 2},
        "quarantine_reasons": {"decode: binary": 1},
        "failed_checks": [],
        "report": "/w/reports/index.html",
        "stages": {"process": 1.25},
    }
    return base | over


def test_summary_markdown_escapes_text_from_dumps():
    md = summary_markdown(_summary(quarantine_reasons={"parse: <script>x|y</script>": 1}))
    assert "<script>" not in md
    assert "&lt;script&gt;x\\|y&lt;/script&gt;" in md
    assert "| quarantined | 1 |" in md
    assert "(file:///w/reports/index.html)" in md


def test_progress_logs_rate_and_the_final_line(caplog):
    log = logging.getLogger("test-progress")
    with caplog.at_level(logging.INFO, logger="test-progress"):
        p = Progress(log, "process", total=10, every=3600)
        p.advance(4)  # throttled: nothing until the end
        p.advance(6)
    lines = [r.getMessage() for r in caplog.records if r.name == "test-progress"]
    assert len(lines) == 1
    assert lines[0].startswith("process: 10/10 files (100%)")


def test_a_run_leaves_a_summary_artifact(tmp_path, prefect_harness):
    raw, wh = tmp_path / "raw", tmp_path / "wh"
    write_corpus(raw, n=12, seed=3)
    summary = nightly(raw=str(raw), warehouse=str(wh))

    async def latest() -> list:
        async with get_client() as client:
            return await client.read_artifacts(
                artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[ARTIFACT_KEY]))
            )

    found = [a for a in asyncio.run(latest()) if summary["run_id"] in (a.data or "")]
    assert len(found) == 1
    assert f"| new | {summary['files_new']:,} |" in found[0].data
    assert "Data-quality report" in found[0].data
