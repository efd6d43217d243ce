"""Run settings: one frozen object, embedded defaults, overridable by environment or flags."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from transforms.limits import LIMITS, Limits


def _env_defaults() -> None:
    """Quiet, local Prefect unless the operator says otherwise (set before Prefect imports)."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO")  # run progress and summary lines
    os.environ.setdefault("PREFECT_LOGGING_ROOT_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")


_env_defaults()


@dataclass(frozen=True)
class Settings:
    raw: str = "./data/raw"  # landing folder or s3:// prefix
    warehouse: str = "./data/warehouse"  # warehouse folder or s3:// prefix
    batch_files: int = 500  # files per mapped task
    chunk_files: int = 25_000  # files held in memory at once; a bigger night goes chunk by chunk
    max_file_bytes: int = LIMITS.max_document_bytes  # larger dumps are quarantined unread
    max_archive_bytes: int = LIMITS.max_archive_bytes  # the same for a WARC or JSON Lines file
    max_inflated_bytes: int = LIMITS.max_inflated_bytes  # a file after decompression
    max_records: int = LIMITS.max_records  # records or lines of one archive
    lock_wait_seconds: float = 0.0  # how long a second run waits for the lock before refusing
    max_failing_fraction: float = 0.05  # more failing rows than this in a table stops the run

    @classmethod
    def from_env(cls, **overrides) -> Settings:
        base = cls(
            raw=os.environ.get("NEWSWARE_RAW", cls.raw),
            warehouse=os.environ.get("NEWSWARE_WAREHOUSE", cls.warehouse),
            chunk_files=int(os.environ.get("NEWSWARE_CHUNK_FILES", cls.chunk_files)),
            **{
                name: int(os.environ.get(f"NEWSWARE_{name.upper()}", getattr(cls, name)))
                for name in _LIMITS
            },
        )
        return replace(base, **{k: v for k, v in overrides.items() if v is not None})

    @property
    def limits(self) -> Limits:
        """The readers' limits: what a landed file may weigh and hold."""
        return replace(
            LIMITS,
            max_document_bytes=self.max_file_bytes,
            max_archive_bytes=self.max_archive_bytes,
            max_inflated_bytes=self.max_inflated_bytes,
            max_records=self.max_records,
        )


_LIMITS = ("max_file_bytes", "max_archive_bytes", "max_inflated_bytes", "max_records")
