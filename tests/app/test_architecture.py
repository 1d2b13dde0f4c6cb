"""Architecture rules for app/ and contracts/, checked by walking every import with ast."""

import ast
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app"
CONTRACTS = ROOT / "contracts"


def modules(base: Path) -> list[Path]:
    return sorted(p for p in base.rglob("*.py") if "__pycache__" not in p.parts)


def imports(path: Path) -> set[str]:
    """Every module name a file imports, anywhere in the file (also inside functions)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: use absolute imports"
            found.add(node.module or "")
    return found


def top(name: str) -> str:
    return name.split(".")[0]


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def violations(base: Path, banned: Callable[[str], bool]) -> list[str]:
    return [
        f"{rel(p)} imports {name}" for p in modules(base) for name in imports(p) if banned(name)
    ]


def is_flet(name: str) -> bool:
    return top(name) == "flet" or top(name).startswith("flet_")


def test_there_is_something_to_check():
    assert len(modules(APP)) > 20
    assert modules(CONTRACTS)


def test_services_never_import_flet():
    assert violations(APP / "services", is_flet) == []


def test_views_and_components_never_import_httpx():
    for folder in ("views", "components"):
        assert violations(APP / folder, lambda n: top(n) == "httpx") == []
    assert "httpx" not in {top(n) for n in imports(APP / "routes.py")}


def test_nothing_in_app_or_contracts_imports_server():
    for base in (APP, CONTRACTS):
        assert violations(base, lambda n: top(n) == "server") == []


def test_contracts_import_neither_app_nor_ui_nor_http():
    assert violations(CONTRACTS, lambda n: top(n) in {"app", "httpx"} or is_flet(n)) == []


def test_state_imports_flet_only_for_observable():
    bad = [v for v in violations(APP / "state", is_flet) if "observable.py" not in v]
    assert bad == []


@pytest.mark.parametrize(
    ("layer", "forbidden"),
    [
        ("services", ("app.state", "app.views", "app.components", "app.routes", "app.main")),
        ("state", ("app.views", "app.components", "app.routes", "app.main")),
        ("components", ("app.views", "app.routes", "app.main", "app.state")),
    ],
)
def test_layers_point_one_way(layer, forbidden):
    def banned(name: str) -> bool:
        return any(name == f or name.startswith(f + ".") for f in forbidden)

    assert violations(APP / layer, banned) == []


def test_every_module_starts_with_a_docstring_naming_its_layer():
    missing = []
    for path in modules(APP):
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        first = doc.splitlines()[0] if doc else ""
        if not any(word in first for word in ("layer", "Composition root", "App package")):
            missing.append(rel(path))
    assert missing == []


def test_the_walker_sees_imports_inside_functions(tmp_path):
    sample = tmp_path / "x.py"
    sample.write_text("def f():\n    import flet as ft\n    from server.db import x\n")
    assert imports(sample) == {"flet", "server.db"}
