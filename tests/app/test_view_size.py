"""Tests: screens stay thin — no function in app/views over 60 lines, their median ≤ 12
(every def, nested ones included, measured from the syntax tree: last line − first line + 1)."""

import ast
import statistics
from pathlib import Path

VIEWS = Path(__file__).resolve().parents[2] / "app" / "views"
LONGEST, MEDIAN = 60, 12


def function_lengths() -> dict[str, int]:
    lengths: dict[str, int] = {}
    for path in sorted(VIEWS.rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                end = node.end_lineno or node.lineno
                where = f"{path.relative_to(VIEWS.parent.parent)}:{node.lineno} {node.name}"
                lengths[where] = end - node.lineno + 1
    return lengths


def test_no_view_function_is_longer_than_60_lines() -> None:
    too_long = {k: v for k, v in function_lengths().items() if v > LONGEST}
    assert too_long == {}


def test_the_median_view_function_is_short() -> None:
    lengths = list(function_lengths().values())
    assert len(lengths) > 50
    assert statistics.median(lengths) <= MEDIAN
