"""A multi grader's ``calculate_output``: parsed with :mod:`ast` and evaluated by walking the
tree (never ``eval``). One grammar for the builders' checks and the engine's evaluation.

Documented (OpenAI's graders guide, "Multigraders"): ``+ - * /`` and ``^`` for powers,
parentheses, numbers, the graders' names, and ``min max abs floor ceil exp sqrt log``.
Ours: ``**`` is read as ``^``.

>>> tree = parse("0.5 * exact + 0.5 * max(close, 0.2)", ["exact", "close"])
>>> evaluate(tree, {"exact": 1.0, "close": 0.0})
0.6
>>> problem("exact % 2", ["exact"])
"the operator '%' is not supported"
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable, Collection, Mapping
from typing import Final

__all__ = ["FORMULA_FUNCTIONS", "FormulaError", "evaluate", "parse", "problem"]

#: The functions and how many arguments each takes (None: any number from the minimum).
FORMULA_FUNCTIONS: Final[Mapping[str, tuple[int, int | None]]] = {
    "min": (1, None),
    "max": (1, None),
    "abs": (1, 1),
    "floor": (1, 1),
    "ceil": (1, 1),
    "exp": (1, 1),
    "sqrt": (1, 1),
    "log": (1, 1),
}
_CALLS: Final[Mapping[str, Callable[..., float]]] = {
    "min": min, "max": max, "abs": abs, "floor": math.floor, "ceil": math.ceil,
    "exp": math.exp, "sqrt": math.sqrt, "log": math.log,
}  # fmt: skip
_BINARY: Final[Mapping[type[ast.operator], Callable[[float, float], float]]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
}
_OTHER_OPERATORS: Final[Mapping[type[ast.AST], str]] = {
    ast.Mod: "%",
    ast.FloorDiv: "//",
    ast.MatMult: "@",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitOr: "|",
    ast.BitAnd: "&",
    ast.Not: "not",
    ast.Invert: "~",
}


class FormulaError(ValueError):
    """A formula that does not parse, uses what the grammar lacks, or cannot be computed."""


def problem(formula: str, names: Collection[str]) -> str | None:
    """What is wrong with ``formula`` over the graders ``names``, or None.

    >>> problem("exact + fuzzy", ["exact"])
    "'fuzzy' is not one of the graders"
    """
    try:
        parse(formula, names)
    except FormulaError as error:
        return str(error)
    return None


def parse(formula: str, names: Collection[str]) -> ast.Expression:
    """The checked tree of ``formula``; a :class:`FormulaError` says what is wrong.

    >>> evaluate(parse("1 + a ^ 2", ["a"]), {"a": 3.0})
    10.0
    """
    try:
        # ^ is a power and binds as one (Python's ^ is a bitwise xor, below + and -).
        tree = ast.parse(formula.strip().replace("^", "**"), mode="eval")
    except SyntaxError as exc:
        raise FormulaError(f"it does not parse ({exc.msg})") from None
    except (RecursionError, MemoryError, ValueError):
        raise FormulaError("it does not parse") from None
    try:
        found = _problem(tree.body, names)
    except RecursionError:
        found = "it is nested too deeply"
    if found:
        raise FormulaError(found)
    return tree


def _problem(node: ast.expr, names: Collection[str]) -> str | None:
    if isinstance(node, ast.BinOp):
        if type(node.op) not in _BINARY:
            return f"the operator {_OTHER_OPERATORS.get(type(node.op), type(node.op).__name__)!r} is not supported"
        return _problem(node.left, names) or _problem(node.right, names)
    if isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, (ast.UAdd, ast.USub)):
            return f"the operator {_OTHER_OPERATORS.get(type(node.op), type(node.op).__name__)!r} is not supported"
        return _problem(node.operand, names)
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            return f"{node.value!r} is not a number"
        return None
    if isinstance(node, ast.Name):
        return None if node.id in names else f"{node.id!r} is not one of the graders"
    if isinstance(node, ast.Call):
        function = node.func.id if isinstance(node.func, ast.Name) else ""
        if function not in FORMULA_FUNCTIONS:
            return f"{ast.unparse(node.func)}() is not one of the functions"
        low, high = FORMULA_FUNCTIONS[function]
        if node.keywords or any(isinstance(arg, ast.Starred) for arg in node.args):
            return f"{function}() takes plain arguments"
        if len(node.args) < low or (high is not None and len(node.args) > high):
            count = f"{low}" if high == low else f"at least {low}"
            return f"{function}() takes {count} argument{'s' if count != '1' else ''}"
        for arg in node.args:
            found = _problem(arg, names)
            if found:
                return found
        return None
    return f"{ast.unparse(node)!r} is not arithmetic"


def evaluate(tree: ast.Expression, values: Mapping[str, float]) -> float:
    """The value of a checked formula for the graders' scores; a :class:`FormulaError` when it
    cannot be computed (a division by zero, the log of a negative number, an overflow).

    >>> evaluate(parse("exact / close", ["exact", "close"]), {"exact": 1.0, "close": 0.0})
    Traceback (most recent call last):
    ...
    ftkit.grading._formula.FormulaError: it cannot be computed for these scores (float division by zero)
    """
    try:
        value = float(_value(tree.body, values))
    except (ArithmeticError, ValueError, TypeError, RecursionError) as exc:
        raise FormulaError(f"it cannot be computed for these scores ({exc})") from None
    if math.isnan(value) or math.isinf(value):
        raise FormulaError(f"it gives {value} for these scores")
    return value


def _value(node: ast.expr, values: Mapping[str, float]) -> float:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return float(node.value)
    if isinstance(node, ast.Name):
        return float(values[node.id])
    if isinstance(node, ast.UnaryOp):
        operand = _value(node.operand, values)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp):
        result = _BINARY[type(node.op)](_value(node.left, values), _value(node.right, values))
        if isinstance(result, complex):  # (-1) ^ 0.5
            raise ValueError("a complex result")
        return result
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return float(_CALLS[node.func.id](*(_value(arg, values) for arg in node.args)))
    raise FormulaError(f"{ast.unparse(node)!r} is not arithmetic")  # pragma: no cover - parse refuses it
