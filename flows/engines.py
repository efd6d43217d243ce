"""Where the mapped tasks run: threads in this process (default) or a Dask cluster.

On Dask, the `process-batch` tasks run in the worker processes: they read the landing zone
themselves (local paths must be visible to every worker; an ``s3://`` landing zone is read with
the workers' own AWS_* environment) and send back Arrow tables. Discovery, dedupe, validation
and publishing stay in the flow's process. Every worker reports to the same real Prefect API.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

# distributed logs every worker start and stop at INFO; keep a run's output to what matters
_QUIET_DASK = {"DASK_DISTRIBUTED__LOGGING__DISTRIBUTED": "warning"}


def dask_runner(workers: int | None = None, address: str | None = None, api_url: str | None = None):
    """Prefect's DaskTaskRunner on a new local cluster of `workers` processes, or on the
    cluster at `address`. A new cluster's workers are told `api_url` (workers of an existing
    cluster must have PREFECT_API_URL in their own environment)."""
    for k, v in _QUIET_DASK.items():
        os.environ.setdefault(k, v)
    from prefect_dask import DaskTaskRunner

    if address:
        return DaskTaskRunner(address=address)
    env = {k: os.environ[k] for k in _QUIET_DASK}
    if api_url:
        env["PREFECT_API_URL"] = api_url
    return DaskTaskRunner(
        cluster_class="distributed.LocalCluster",
        cluster_kwargs={
            "n_workers": workers or 2,
            "threads_per_worker": 1,
            "processes": True,
            "dashboard_address": None,
            "env": env,
        },
    )


@contextmanager
def flow_for(workers: int | None = None, address: str | None = None) -> Iterator:
    """The nightly flow, on Dask when asked. The flow and its Dask workers report to one real
    Prefect API: the configured one, else one started for this run: served from a thread of
    this process, or on Dask a `prefect server start` on a free port for the workers too."""
    from flows.api import embedded_api, local_server
    from flows.nightly import nightly

    if not workers and not address:
        with embedded_api():
            yield nightly
        return

    with local_server(port=None) as url:
        yield nightly.with_options(task_runner=dask_runner(workers, address, url))
