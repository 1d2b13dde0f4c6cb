"""Architecture rules for server/ (docs/architecture.md), checked by walking every import and
call with ast: features form no import cycle, nothing registers itself at import, server/ never
imports the app or the launcher, routers leave queries to services."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVER = ROOT / "server"
# who is calling is resolved by accounts (deps.py), and the hooks' types name its Account:
# the only feature the shared top-level modules may import
KERNEL = {"config", "db", "deps", "errors", "hooks", "http", "messages", "migrate", "openapi"}
KERNEL_MAY_IMPORT = {"accounts"}
QUERY_CALLS = {"get", "add", "add_all", "execute", "scalar", "scalars", "delete", "flush"}


def modules(base: Path) -> list[Path]:
    return sorted(p for p in base.rglob("*.py") if "__pycache__" not in p.parts)


def imports(path: Path) -> set[str]:
    """Every module a file imports, anywhere in it (also inside functions), with `from a
    import b` also counted as `a.b` (b may be a module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def features() -> list[str]:
    return sorted(p.name for p in SERVER.iterdir() if (p / "__init__.py").exists())


def part_of(path: Path) -> str:
    """The feature (server/<feature>/…) or top-level module (server/<name>.py) of a file."""
    return path.relative_to(SERVER).parts[0].removesuffix(".py")


def feature_graph() -> dict[str, set[str]]:
    names = set(features())
    graph: dict[str, set[str]] = {name: set() for name in names}
    for path in modules(SERVER):
        source = part_of(path)
        if source not in names:
            continue
        for name in imports(path):
            parts = name.split(".")
            if parts[0] == "server" and len(parts) > 1 and parts[1] in names - {source}:
                graph[source].add(parts[1])
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_there_is_something_to_check() -> None:
    assert {"accounts", "applications", "documents", "profile", "rights"} <= set(features())
    assert sum(len(targets) for targets in feature_graph().values()) > 10


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycle_between_features() -> None:
    """A feature that needs another's function at run time gets it passed in (server/hooks.py,
    wired in server/app.py) instead of importing it back."""
    assert cycles(feature_graph()) == []


def test_shared_modules_import_no_feature_but_accounts() -> None:
    bad = [
        f"{rel(p)} imports {name}"
        for p in modules(SERVER)
        if part_of(p) in KERNEL
        for name in imports(p)
        if name.startswith("server.") and name.split(".")[1] in set(features()) - KERNEL_MAY_IMPORT
    ]
    assert bad == []


def test_only_the_command_line_imports_the_app_factory() -> None:
    bad = [
        rel(p)
        for p in modules(SERVER)
        if "server.app" in imports(p) and part_of(p) not in {"app", "cli"}
    ]
    assert bad == []


def test_server_never_imports_the_app_or_the_launcher() -> None:
    bad = [
        f"{rel(p)} imports {name}"
        for p in modules(SERVER)
        for name in imports(p)
        if name.split(".")[0] in {"app", "launcher", "flet"}
    ]
    assert bad == []


def module_level_calls(path: Path) -> list[str]:
    """Names of functions called by statements at module level (run at import)."""
    names = []
    for stmt in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        for node in ast.walk(stmt):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                names.append(name)
    return names


def test_nothing_registers_itself_at_import() -> None:
    """Exporters, erasers and other hooks are listed by the app factory (server/app.py:wiring);
    a `register…(…)` call run at import would make what works depend on what was imported."""
    bad = [
        f"{rel(p)}: {name}()"
        for p in modules(SERVER)
        for name in module_level_calls(p)
        if name.startswith("register")
    ]
    assert bad == []


def test_the_architecture_test_sees_a_module_level_registration(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    register_x(1)\n\nregister_eraser('a', f)\n")
    assert module_level_calls(sample) == ["register_eraser"]


def test_routers_leave_queries_to_services() -> None:
    """Routers validate, call a service and commit at the edge; the database work (and so
    sqlalchemy) is in services. The health probe's `SELECT 1` is the one exception."""
    bad = []
    for path in modules(SERVER):
        if not path.name.endswith("router.py") or rel(path) == "server/health/router.py":
            continue
        if any(name.split(".")[0] == "sqlalchemy" for name in imports(path)):
            bad.append(f"{rel(path)} imports sqlalchemy")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            func = node.func if isinstance(node, ast.Call) else None
            on_db = isinstance(func, ast.Attribute) and getattr(func.value, "id", "") == "db"
            if on_db and isinstance(func, ast.Attribute) and func.attr in QUERY_CALLS:
                bad.append(f"{rel(path)}:{getattr(node, 'lineno', 0)} db.{func.attr}()")
    assert bad == []
