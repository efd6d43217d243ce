"""Checks for `quarantine`: one row per rejected file or record (never itself quarantined)."""

from __future__ import annotations

from great_expectations.expectations.expectation import Expectation

from expectations.contract import WARNING, contract_checks, one_of
from warehouse.schemas import QUARANTINE

TABLE = QUARANTINE.name
QUARANTINABLE = False
STAGES = ("read", "decode", "parse", "extract", "validate")  # schemas.QUARANTINE.stage


def expectations() -> list[Expectation]:
    return [
        *contract_checks(QUARANTINE, not_null=("path", "stage", "reason", "run_id")),
        one_of(TABLE, "stage", STAGES, WARNING),  # a new stage name must not stop a night
    ]
