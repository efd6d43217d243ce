"""With no Prefect API configured, a run reports to Prefect's API served from its own process:
the run is recorded there, no server process is started, and the API stops with the block."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from corpus.generate import write_corpus

SCRIPT = """
import json, sys, urllib.request
import psutil
from flows.api import embedded_api
from flows.nightly import nightly

with embedded_api() as url:
    summary = nightly(raw=sys.argv[1], warehouse=sys.argv[2])
    from prefect import get_client
    with get_client(sync_client=True) as client:
        runs = client.read_flow_runs()
    children = [" ".join(p.cmdline()) for p in psutil.Process().children(recursive=True)]
try:
    urllib.request.urlopen(url + "/health", timeout=2)
    after = "up"
except OSError:
    after = "down"
print(json.dumps({
    "url": url, "status": summary["status"], "after": after, "children": children,
    "runs": [r.state_name for r in runs],
}))
"""


def test_a_run_without_a_configured_api_serves_its_own(tmp_path):
    raw = tmp_path / "raw"
    write_corpus(raw, n=20, seed=5)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(raw), str(tmp_path / "wh")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["url"].startswith("http://127.0.0.1:")
    assert result["status"] == "published"
    assert result["runs"] == ["Completed"]
    assert not any("uvicorn" in c or "prefect" in c for c in result["children"])
    assert result["after"] == "down"
    assert (tmp_path / "prefect-home").exists()  # Prefect's own database, where it keeps it
