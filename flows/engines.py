"""Where the mapped tasks run: threads in this process (default) or a Dask cluster."""

from __future__ import annotations

from contextlib import contextmanager


def dask_runner(workers: int | None = None, address: str | None = None):
    """Prefect's DaskTaskRunner on a new local cluster of `workers` processes, or on the
    cluster at `address`."""
    from prefect_dask import DaskTaskRunner

    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(
        cluster_class="distributed.LocalCluster",
        cluster_kwargs={
            "n_workers": workers or 2,
            "threads_per_worker": 1,
            "processes": True,
            "dashboard_address": None,
        },
    )


@contextmanager
def flow_for(workers: int | None = None, address: str | None = None):
    """The nightly flow, on Dask when asked. Dask workers report to a real Prefect API (a local
    server is started if none is configured), otherwise each would start its own."""
    from flows.nightly import nightly

    if not workers and not address:
        yield nightly
        return
    from flows.deployments import local_server

    with local_server():
        yield nightly.with_options(task_runner=dask_runner(workers, address))
