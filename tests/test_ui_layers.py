"""The ui/ modules import one way: no module reaches itself through others, lazily or not."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[1] / "ui"


def imports_of(path: Path) -> set[str]:
    """The ui modules `path` imports anywhere in it, inside functions too."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "ui":
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ui."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("ui.")}
    return found - {path.stem}


def test_no_circle_in_ui():
    graph = {p.stem: imports_of(p) for p in UI.glob("*.py") if p.stem != "__init__"}
    circles, done = [], set()

    def walk(module: str, trail: list[str]) -> None:
        for nxt in sorted(graph.get(module, set()) & graph.keys()):
            if nxt in trail:
                circles.append(" → ".join([*trail[trail.index(nxt) :], nxt]))
            elif nxt not in done:
                walk(nxt, [*trail, nxt])
        done.add(module)

    for module in sorted(graph):
        if module not in done:
            walk(module, [module])
    assert not circles, "ui/ imports in a circle:\n" + "\n".join(sorted(set(circles)))
