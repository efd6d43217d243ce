"""Data-quality gate: one Great Expectations suite per warehouse table, as code.

Entry point: ``expectations.runner.validate(tables, ValidationContext(...))`` ->
``ValidationOutcome`` (dq rows, rows to quarantine, why to stop). Table modules hold each
table's checks; ``custom`` holds the domain rules; ``volume`` the per-source volume checks.
"""
