"""Imports point one way: every import in the package (at the top of a file or inside a function) goes
to the same layer or one below it, in the order docs/decisions.md writes down. The checker itself is
tried on a file with an upward import, so the test can fail."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from dangbo import config

PACKAGE = config.ROOT / "dangbo"
DECISIONS = (config.ROOT / "docs" / "decisions.md").read_text(encoding="utf-8")


def layers() -> list[set[str]]:
    """The layers, top first, from the fenced block under "Layers" in docs/decisions.md: one line a
    layer, modules separated by commas (`ui` means dangbo.ui and everything in it)."""
    block = re.search(r"\*\*Layers\.\*\*.*?```\n(.*?)```", DECISIONS, re.S)
    assert block, "docs/decisions.md has no **Layers.** paragraph with a fenced block"
    out = []
    for line in block.group(1).splitlines():
        line = line.split("#")[0].strip()
        if line:
            out.append({m.strip() for m in line.split(",")})
    return out


def _module(path: Path) -> str:
    rel = path.relative_to(config.ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(module: str, source: str, is_package: bool) -> set[str]:
    """Every dangbo module a source imports, anywhere in it (relative imports resolved)."""
    out = set()
    here = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.split(".")[0] == "dangbo"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[:len(here) - (node.level - 1)]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            if name.split(".")[0] != "dangbo":
                continue
            # `from . import x` and `from .. import fmt` import modules by their names
            out |= {name} if node.module else {f"{name}.{a.name}" for a in node.names}
    return out


def layer_of(module: str, order: list[set[str]]) -> int:
    """The layer of a dangbo module: the layer naming its longest prefix (dangbo.x.y -> x.y, then x)."""
    parts = module.split(".")[1:]
    for n in range(len(parts), 0, -1):
        name = ".".join(parts[:n])
        for i, layer in enumerate(order):
            if name in layer:
                return i
    return -1


def violations(sources: dict[str, tuple[str, bool]], order: list[set[str]]) -> list[str]:
    """`sources`: module -> (source text, is a package's __init__). Upward imports, and modules in no layer."""
    out = []
    for module, (source, is_package) in sorted(sources.items()):
        mine = layer_of(module, order)
        if module != "dangbo" and mine < 0:
            out.append(f"{module} is in no layer")
            continue
        for target in sorted(imports(module, source, is_package)):
            theirs = layer_of(target, order)
            if theirs < 0 and target != "dangbo":
                # `from .. import x` where x is a function, or a module the order does not name
                theirs = layer_of(target.rsplit(".", 1)[0], order)
            if 0 <= theirs < mine:
                out.append(f"{module} (layer {mine + 1}) imports {target} (layer {theirs + 1})")
    return out


def _package_sources() -> dict[str, tuple[str, bool]]:
    return {_module(p): (p.read_text(encoding="utf-8"), p.name == "__init__.py") for p in PACKAGE.rglob("*.py")}


def test_imports_point_down():
    assert violations(_package_sources(), layers()) == []


def test_the_checker_finds_an_upward_import():
    sources = _package_sources()
    order = layers()
    text, is_pkg = sources["dangbo.store.snapshots"]
    sources["dangbo.store.snapshots"] = (text + "\n\ndef _f():\n    from ..ui import signin\n", is_pkg)
    found = violations(sources, order)
    assert any(v.startswith("dangbo.store.snapshots") and "dangbo.ui" in v for v in found), found
    sources["dangbo.query.scope"] = ("from dangbo.targets import rules\n", False)
    assert any(v.startswith("dangbo.query.scope") for v in violations(sources, order))
    sources["dangbo.nowhere"] = ("x = 1\n", False)
    assert "dangbo.nowhere is in no layer" in violations(sources, order)
