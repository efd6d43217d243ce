"""The nightly deployment and its schedule, served by a long-running `newsware serve`.

Scheduling needs a real Prefect server that outlives a run (the temporary one refuses
schedules): `flows.api.local_server` gives the configured one, else starts one.
"""

from __future__ import annotations

from flows.api import local_server
from flows.settings import Settings

NIGHTLY_CRON = "0 2 * * *"  # 02:00 every night, in this machine's time zone
DEPLOYMENT = "nightly"


def local_timezone() -> str:
    """IANA name of this machine's time zone (TZ, else /etc/localtime), else UTC."""
    try:
        from tzlocal import get_localzone_name  # installed with great-expectations

        return get_localzone_name() or "UTC"
    except Exception:  # no zone information: schedule in UTC rather than fail
        return "UTC"


def nightly_deployment(settings: Settings, cron: str = NIGHTLY_CRON, timezone: str | None = None):
    from prefect.schedules import Cron

    from flows.nightly import nightly

    return nightly.to_deployment(
        name=DEPLOYMENT,
        schedule=Cron(cron, timezone=timezone or local_timezone()),
        parameters={"raw": settings.raw, "warehouse": settings.warehouse},
        description="Take the night's new dumps into the warehouse (newsware run).",
        tags=["newsware"],
    )


def serve(settings: Settings, cron: str = NIGHTLY_CRON) -> None:
    """Serve the nightly deployment on `cron` until interrupted."""
    from prefect import serve as prefect_serve

    with local_server():
        prefect_serve(nightly_deployment(settings, cron))
