"""Hostile text from dumps must reach the browser as text: checked in headless Chromium.

The report's Content-Security-Policy would also block an injected script, so these tests relax
it: escaping alone has to keep the page inert. A control page proves the harness does see a
script that runs. Screenshots are kept in tests/artifacts/ (gitignored) for a human to look at.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from expectations.runner import validate
from reporting import html as report_html
from reporting.build import build_report
from reporting.html import run_file
from tests.expectations.factories import articles, context, history
from tests.reporting.factories import sample_catalog, sample_frames

SCRIPT = "<script>document.title='pwned'</script>"
IMG = '"><img src=x onerror=alert(1)>'
HOSTILE = f"{SCRIPT}{IMG}"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)"
)


def chromium(tmp_path: Path, *args: str) -> str:
    profile = tmp_path / "chromium-profile"
    done = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=3000",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout


def dom(tmp_path: Path, page: Path) -> str:
    return chromium(tmp_path, "--dump-dom", page.as_uri())


def hostile_frames() -> dict[str, pd.DataFrame]:
    """A history of runs whose every text field carries the payloads, plus the dq rows of a real
    validation of articles whose language and source are hostile."""
    frames = sample_frames(days=6)
    last = frames["runs"]["run_id"].iloc[-1]
    frames["runs"].loc[frames["runs"].index[-1], "run_id"] = f"{last}{IMG}"
    frames["runs"]["status"] = frames["runs"]["status"].where(
        frames["runs"].index < len(frames["runs"]) - 2, f"published{SCRIPT}"
    )
    hostile_run = f"{last}{IMG}"
    checks = frames["dq_results"]
    checks.loc[checks["run_id"] == last, "run_id"] = hostile_run
    checks.loc[checks.index[-1], "observed"] = HOSTILE
    checks.loc[checks.index[-2], "expectation"] = f"articles.{IMG}"
    checks.loc[checks.index[-2], "success"] = False

    batch = articles(12, language=HOSTILE, source=IMG, headline=HOSTILE, body=HOSTILE)
    past = history(per_day=10, sources=(f"{SCRIPT}", IMG))
    outcome = validate({"articles": batch}, context(run_id=hostile_run, volume_history=past))
    assert any(SCRIPT in r["observed"] for r in outcome.dq_rows), "payload must reach the report"
    real = pd.DataFrame(outcome.dq_rows)
    frames["dq_results"] = pd.concat([checks, real], ignore_index=True)

    q = frames["quarantine"]
    q.loc[q["run_id"] == last, "run_id"] = hostile_run
    q.loc[q.index[-1], ["path", "reason", "detail", "stage"]] = [IMG, HOSTILE, HOSTILE, SCRIPT]
    frames["articles"] = pd.concat(
        [
            frames["articles"],
            pd.DataFrame({"source": [IMG] * 30, "capture_date": [date(2024, 3, 11)] * 30}),
        ]
    )
    return frames


@pytest.fixture
def permissive_csp(monkeypatch):
    """Let inline scripts run, so only escaping stands between the payload and the browser."""
    monkeypatch.setattr(
        report_html,
        "CSP",
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'",
    )


def test_the_harness_sees_a_script_that_runs(tmp_path, permissive_csp):
    control = tmp_path / "control.html"
    control.write_text(report_html.page("untouched", SCRIPT))
    assert "<title>pwned</title>" in dom(tmp_path, control)


def test_hostile_values_stay_text_in_chromium(tmp_path, permissive_csp):
    con = sample_catalog(hostile_frames())
    index = build_report(con, tmp_path / "reports")
    hostile_run = next(r for r in con.execute("SELECT run_id FROM runs").df()["run_id"] if IMG in r)
    run_page = tmp_path / "reports" / "runs" / run_file(hostile_run)
    assert run_page.exists(), "the run page's name is sanitised, and the index links to it"
    assert f'href="runs/{run_file(hostile_run)}"' in index.read_text()

    for page in (index, run_page):
        source = page.read_text()
        assert not re.search(r"<\s*(script|img)\b", source, re.I), page
        assert "&lt;script&gt;document.title=&#x27;pwned&#x27;&lt;/script&gt;" in source
        rendered = dom(tmp_path, page)
        title = re.search(r"<title>(.*?)</title>", rendered, re.S)
        assert title and "pwned" not in title.group(1)
        assert title.group(1).startswith(("newsware data quality", "Run "))
        assert not re.search(r"<\s*(script|img)\b", rendered, re.I)  # no such element exists
        assert "&lt;img src=x onerror=alert(1)&gt;" in rendered  # shown as text instead

    ARTIFACTS.mkdir(exist_ok=True)
    for page, name in ((index, "report_hostile_index.png"), (run_page, "report_hostile_run.png")):
        shot = ARTIFACTS / name
        shot.unlink(missing_ok=True)
        chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", page.as_uri())
        assert shot.stat().st_size > 20_000  # a real rendering, not a blank page
