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
        ("components", ("app.views", "app.routes", "app.main")),
    ],
)
def test_layers_point_one_way(layer, forbidden):
    def banned(name: str) -> bool:
        return any(name == f or name.startswith(f + ".") for f in forbidden)

    assert violations(APP / layer, banned) == []


def feature_of(module: str) -> str | None:
    """`app.views.<feature>.<module>` → feature; None outside a feature package."""
    parts = module.split(".")
    return parts[2] if len(parts) > 3 and parts[:2] == ["app", "views"] else None


def test_views_hold_only_screens_grouped_by_feature():
    """Screens live in views/<feature>/ (not_found is the router's own); non-screen modules
    (hooks, widgets, sub-forms) are in components/ or private `_*.py` next to their screens."""
    loose = [rel(p) for p in (APP / "views").glob("*.py")]
    assert sorted(loose) == ["app/views/__init__.py", "app/views/not_found.py"]


def test_no_screen_is_imported_as_a_library():
    """A module may import from app.views only its own feature's private `_*.py` modules
    (routes.py imports the screens; that is its job)."""
    bad = []
    for path in modules(APP):
        if path == APP / "routes.py":
            continue
        mine = feature_of(".".join(path.relative_to(ROOT).with_suffix("").parts))
        for name in imports(path):
            if not name.startswith("app.views"):
                continue
            private = name.rsplit(".", 1)[-1].startswith("_")
            if not (private and feature_of(name) == mine and mine is not None):
                bad.append(f"{rel(path)} imports {name}")
    assert bad == []


def talks_to_the_network(path: Path) -> list[str]:
    """API modules, the API client or httpx imported; or the API client reached (`….api`)."""
    found = [
        name
        for name in imports(path)
        if top(name) == "httpx"
        or name == "app.services.api"
        or (name.startswith("app.services.") and name.endswith("_api"))
    ]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "app.services":
            found += [f"app.services.{a.name}" for a in node.names if a.name.endswith("_api")]
        if isinstance(node, ast.Attribute) and node.attr == "api":
            found.append(f"….api (line {node.lineno})")
    return found


def screen_modules() -> list[Path]:
    return modules(APP / "views") + modules(APP / "components")


def test_screens_reach_the_server_only_through_stores():
    """views → state → services: a screen reads stores and calls their actions; only stores
    call services (and through them the API)."""
    bad = [f"{rel(p)}: {found}" for p in screen_modules() if (found := talks_to_the_network(p))]
    assert bad == []


def test_no_module_registry_of_stores():
    """Stores are built once per app session in app/main.py and handed to screens in AppDeps,
    never created on first render and kept in a module-level (weak) dictionary."""
    bad = [
        rel(p)
        for p in modules(APP)
        if "weakref" in {top(n) for n in imports(p)} or "WeakKeyDictionary" in p.read_text()
    ]
    assert bad == []


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
