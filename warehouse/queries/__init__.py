"""Saved analysis queries: one .sql file each, parameters written as $name and always bound."""

from __future__ import annotations

import re
from importlib import resources

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def names() -> list[str]:
    return sorted(
        p.name[:-4] for p in resources.files(__package__).iterdir() if p.name.endswith(".sql")
    )


def load(name: str) -> str:
    if name not in names():
        raise KeyError(name)
    return resources.files(__package__).joinpath(f"{name}.sql").read_text()


def parameters(text: str) -> list[str]:
    """The $names a query binds."""
    return sorted(set(_PARAM.findall(text)))


def defaults(text: str) -> dict[str, str]:
    """Defaults declared in the file's header as `-- param: name = value`."""
    return dict(re.findall(r"^--\s*param:\s*(\w+)\s*=\s*(.*?)\s*$", text, flags=re.M))


def bind(text: str, given: dict[str, str]) -> dict[str, str]:
    """The parameters the query uses, from `given` or the file's defaults; unknown ones refused."""
    wanted = set(_PARAM.findall(text))
    unknown = set(given) - wanted
    if unknown:
        raise KeyError(f"unknown parameter(s): {', '.join(sorted(unknown))}")
    values = defaults(text) | given
    missing = wanted - set(values)
    if missing:
        raise KeyError(f"missing parameter(s): {', '.join(sorted(missing))}")
    return {k: values[k] for k in wanted}
