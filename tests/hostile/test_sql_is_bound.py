"""No SQL is built by formatting values into it: values are bound as `$name` or `?`.

Two checks: ruff's S608 (string-built SELECT/INSERT/...; enabled in pyproject and run by `make
test`) over the packages, and a stricter AST scan of every SQL-looking string that is
formatted (f-string, `.format`, `%`, `+`): each interpolated piece must go through a quoting
helper (`ident` for identifiers, `_lit` for our own literal paths) or sit on a line marked
``# noqa: S608`` with its reason. The few reviewed exceptions without that mark are listed here.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("flows", "transforms", "warehouse", "expectations", "reporting", "corpus")
SQL = re.compile(
    r"\b(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ATTACH|COPY|PRAGMA|INSTALL|LOAD|COMMENT ON|"
    r"ALTER|SET)\b"
)
QUOTERS = {"ident", "_lit"}
# reviewed: (file, code on the line) -> why it is safe. Suggested: mark them noqa: S608.
REVIEWED = {
    ("warehouse/catalog.py", 'con.execute(f"LOAD {name}")'): "extension names from our code",
    ("warehouse/search_sql.py", 'SNIPPET_MACRO = f"""'): "macro text built from our constants",
    ("warehouse/search_sql.py", 'return f"""'): "macro name and columns from the Corpus constants",
    (
        "flows/cli.py",
        "f\"SET autoinstall_known_extensions = false;\\nLOAD '{catalog.extension_path('fts')}';\\n\"",
    ): "a shell init script naming our wheel's extension file",
}


def _text(node: ast.AST) -> str:
    return "".join(
        v.value for v in ast.walk(node) if isinstance(v, ast.Constant) and isinstance(v.value, str)
    )


def _quoted(expr: ast.AST) -> bool:
    if not isinstance(expr, ast.Call):
        return False
    func = expr.func  # ident(...) or duck.ident(...)
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    return name in QUOTERS


def _constant(expr: ast.AST) -> bool:
    """A string made of literals only (also `"a" if x else "b"`, `"a" + "b"`)."""
    if isinstance(expr, ast.Constant):
        return isinstance(expr.value, str)
    if isinstance(expr, ast.IfExp):
        return _constant(expr.body) and _constant(expr.orelse)
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
        return _constant(expr.left) and _constant(expr.right)
    return isinstance(expr, ast.JoinedStr)  # checked on its own


def _interpolations(node: ast.AST) -> list[ast.AST] | None:
    """The pieces formatted into a string expression, or None if it is not one."""
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
        and isinstance(node.func.value, ast.Constant)
        and isinstance(node.func.value.value, str)
    ):
        return [*node.args, *(k.value for k in node.keywords)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        sides = [node.left, node.right]
        if any(isinstance(s, ast.Constant) and isinstance(s.value, str) for s in sides):
            return [s for s in sides if not _constant(s)]
    return None


def unbound_sql() -> list[tuple[str, int, str]]:
    found = []
    for pkg in PACKAGES:
        for path in sorted((REPO / pkg).rglob("*.py")):
            rel = path.relative_to(REPO).as_posix()
            lines = path.read_text().splitlines()
            for node in ast.walk(ast.parse(path.read_text())):
                pieces = _interpolations(node)
                if not pieces or not SQL.search(_text(node)):
                    continue
                line = lines[node.lineno - 1].strip()
                if all(_quoted(p) for p in pieces) or "noqa: S608" in line:
                    continue
                if (rel, line) not in REVIEWED:
                    found.append((rel, node.lineno, line))
    return found


def test_no_sql_is_built_from_unquoted_values():
    assert unbound_sql() == []


def test_the_scan_catches_a_formatted_value(tmp_path, monkeypatch):
    bad = tmp_path / "flows"
    bad.mkdir()
    (bad / "oops.py").write_text(
        "def f(con, name):\n    con.execute(f\"SELECT * FROM t WHERE name = '{name}'\")\n"
        '    con.execute("DELETE FROM t WHERE id = %s" % name)\n'
    )
    monkeypatch.setattr(sys.modules[__name__], "REPO", tmp_path)
    monkeypatch.setattr(sys.modules[__name__], "PACKAGES", ("flows",))
    assert [(f, n) for f, n, _ in unbound_sql()] == [("flows/oops.py", 2), ("flows/oops.py", 3)]


def test_ruff_s608_is_clean():
    ruff = Path(sys.executable).with_name("ruff")
    out = subprocess.run(
        [str(ruff), "check", "--no-cache", "--select", "S608", *PACKAGES],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout
