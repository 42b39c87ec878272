"""Evaluate a parsed formula over named inputs, exactly, with Decimal arithmetic.

Nothing here reaches Python: names are looked up in the inputs given, functions in a fixed
table, and every operation is one of a handful written out below. Values are Decimal or
bool; TRUE/FALSE count as 1/0 in arithmetic and comparisons. Results larger than
MAX_VALUE, exponents beyond MAX_POWER, division by zero and the like are errors with the
position of the operator or function in the text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import (
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from typing import Any

from xlkpi.core.money.formula.errors import FormulaError
from xlkpi.core.money.formula.nodes import Binary, Bool, Call, Name, Negate, Node, Num, Percent

Value = Decimal | bool
InputValue = Decimal | int | float | str | bool
MAX_VALUE = Decimal("1e30")
MAX_POWER = 100
MAX_ROUND_DIGITS = 10
HUNDRED = Decimal(100)
#: the arithmetic of every evaluation: 28 digits, errors raised (`localcontext` copies it)
_CONTEXT = Context(prec=28, traps=[InvalidOperation, DivisionByZero, Overflow])


@dataclass
class Evaluation:
    """A formula's value and what it used: input values (spelled as in the formula) and
    the decisions taken (each IF/IFS condition's text and whether it held)."""

    value: Value
    used: dict[str, Value] = field(default_factory=dict)
    decisions: list[tuple[str, bool]] = field(default_factory=list)


#: a formula compiled for evaluation (`compile_tree`): called once per person with the run
#: holding that person's inputs, it gives the value
Compiled = Callable[["_Run"], Value]


def run(text: str, compiled: Compiled, inputs: Mapping[str, InputValue]) -> Evaluation:
    """Evaluate a compiled formula over one person's inputs.

    Args:
        text: the formula text it was compiled from (for messages).
        compiled: `compile_tree(text, root)`.
        inputs: name -> value; names match case-insensitively.
    Returns:
        The evaluation.
    Raises:
        FormulaError: unknown name, bad input value, division by zero, number too large,
            invalid power or rounding, or no IFS condition true.
    """
    folded: dict[str, tuple[str, InputValue]] = {}
    for key, value in inputs.items():
        fold = key.casefold()
        if fold in folded and folded[fold][0] != key:
            raise FormulaError(
                f"inputs {folded[fold][0]!r} and {key!r} differ only in case",
                f"输入 {folded[fold][0]!r} 与 {key!r} 仅大小写不同",
                0,
                text,
            )
        folded[fold] = (key, value)
    state = _Run(text, folded)
    with localcontext(_CONTEXT):  # (a copy of it: the run's own)
        value = compiled(state)
    return Evaluation(value, state.used, state.decisions)


class _Run:
    """One evaluation's state: the person's inputs, what was used and decided."""

    __slots__ = ("decisions", "inputs", "text", "used")

    def __init__(self, text: str, inputs: dict[str, tuple[str, InputValue]]):
        self.text = text
        self.inputs = inputs
        self.used: dict[str, Value] = {}
        self.decisions: list[tuple[str, bool]] = []

    def error(self, en: str, zh: str, offset: int) -> FormulaError:
        return FormulaError(en, zh, offset, self.text)

    def check(self, value: Decimal, offset: int) -> Decimal:
        if abs(value) > MAX_VALUE:
            raise self.error(
                f"result is too large (over {MAX_VALUE:,.0f})",
                f"计算结果过大（超过 {MAX_VALUE:,.0f}）",
                offset,
            )
        return value

    def name(self, name: str, folded: str, offset: int) -> Value:
        found = self.inputs.get(folded)
        if found is None:
            known = ", ".join(sorted(k for k, _ in self.inputs.values())) or "-"
            raise self.error(
                f"unknown name {name!r} (inputs: {known})",
                f"未知名称 {name!r}（可用输入：{known}）",
                offset,
            )
        key, raw = found
        value = self.convert(key, raw, offset)
        self.used.setdefault(name, value)
        return value

    def convert(self, key: str, raw: InputValue, offset: int) -> Value:
        if isinstance(raw, bool):
            return raw
        try:
            value = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
        except (InvalidOperation, ValueError, TypeError):
            value = Decimal("NaN")
        if not value.is_finite():
            raise self.error(
                f"input {key!r} is not a number: {raw!r}",
                f"输入 {key!r} 不是数字：{raw!r}",
                offset,
            )
        return self.check(value, offset)

    def divide(self, left: Decimal, right: Decimal, offset: int) -> Decimal:
        if right == 0:
            raise self.error("division by zero", "除数为零", offset)
        return self.check(left / right, offset)

    def power(self, base: Decimal, exponent: Decimal, offset: int) -> Decimal:
        if abs(exponent) > MAX_POWER:
            raise self.error(
                f"exponent {exponent} is out of range (at most {MAX_POWER} either way)",
                f"指数 {exponent} 超出范围（绝对值不超过 {MAX_POWER}）",
                offset,
            )
        if base == 0 and exponent <= 0:
            raise self.error(
                "0 cannot be raised to a power of 0 or below", "0 的 0 次或负数次幂无意义", offset
            )
        if base < 0 and exponent != exponent.to_integral_value():
            raise self.error(
                "a negative number cannot be raised to a fractional power",
                "负数不能取非整数次幂",
                offset,
            )
        if abs(base) > 1 and exponent > 0 and abs(base).log10() * exponent > 30:
            raise self.error(
                f"result is too large (over {MAX_VALUE:,.0f})",
                f"计算结果过大（超过 {MAX_VALUE:,.0f}）",
                offset,
            )
        try:
            result = base**exponent
        except (Overflow, InvalidOperation, DivisionByZero):
            raise self.error("the power cannot be computed", "无法计算该乘方", offset) from None
        return self.check(result, offset)

    def rounded(self, numbers: list[Decimal], offset: int) -> Decimal:
        value, digits = numbers[0], numbers[1]
        if digits != digits.to_integral_value() or abs(digits) > MAX_ROUND_DIGITS:
            raise self.error(
                f"ROUND digits must be a whole number from -{MAX_ROUND_DIGITS} to "
                f"{MAX_ROUND_DIGITS}, got {digits}",
                f"ROUND 的位数应为 -{MAX_ROUND_DIGITS} 到 {MAX_ROUND_DIGITS} 的整数，实际为 {digits}",
                offset,
            )
        step = Decimal(1).scaleb(-int(digits))
        return value.quantize(step, rounding=ROUND_HALF_UP)


# -- compiling ------------------------------------------------------------------------
# A formula is evaluated once per person over the same tree. Walking the tree each time
# (a lookup by node class, then a method, then one for the operands' type) cost more than
# the Decimal arithmetic, so the tree is compiled once into nested closures that do only
# the arithmetic and its checks, in the same order and with the same errors.


def compile_tree(text: str, root: Node) -> Compiled:
    """The tree as one function of a `_Run` (see `run`)."""
    return _Compiler(text).value(root)


#: node kinds that always give a Decimal (never TRUE/FALSE)
_NUMERIC_OPS = ("+", "-", "*", "/", "^")
_NUMBER_FUNCTIONS = ("MIN", "MAX", "SUM", "ABS", "ROUND")


def _numeric(node: Node) -> bool:
    """Whether the node always gives a Decimal, so that no TRUE/FALSE check is needed."""
    kind = node.__class__
    if kind is Num or kind is Negate or kind is Percent:
        return True
    if kind is Binary:
        return node.op not in COMPARE  # type: ignore[attr-defined]
    return kind is Call and node.function in _NUMBER_FUNCTIONS  # type: ignore[attr-defined]


def _always_bool(node: Node) -> bool:
    """Whether the node always gives TRUE/FALSE (a comparison, AND, OR, NOT or TRUE)."""
    kind = node.__class__
    if kind is Bool:
        return True
    if kind is Binary:
        return node.op in COMPARE  # type: ignore[attr-defined]
    return kind is Call and node.function in ("AND", "OR", "NOT")  # type: ignore[attr-defined]


def _one(value: Value) -> Decimal:
    """TRUE/FALSE as 1/0 in arithmetic; a Decimal as it is."""
    if value.__class__ is bool:
        return Decimal(1) if value else Decimal(0)
    return value  # type: ignore[return-value]


class _Compiler:
    """Compiles the nodes of one formula (its text names the conditions decided)."""

    def __init__(self, text: str):
        self.text = text

    def value(self, node: Node) -> Compiled:
        """A node as a function giving its value (Decimal or TRUE/FALSE)."""
        kind = node.__class__
        if kind is Num or kind is Bool:
            constant = node.value  # type: ignore[attr-defined]
            return lambda run: constant
        make = _COMPILE.get(kind)
        if make is None:
            start = node.start

            def unsupported(run: _Run) -> Value:  # (reported when reached, as before)
                raise run.error("unsupported expression", "不支持的表达式", start)

            return unsupported
        return make(self, node)

    def number(self, node: Node) -> Callable[[_Run], Decimal]:
        """A node as a function giving a Decimal (TRUE/FALSE as 1/0)."""
        f = self.value(node)
        if _numeric(node):
            return f  # type: ignore[return-value]
        return lambda run: _one(f(run))

    def truth(self, node: Node) -> Callable[[_Run], bool]:
        """A node as a function giving TRUE/FALSE (a number: whether it is not 0)."""
        f = self.value(node)
        if _always_bool(node):
            return f  # type: ignore[return-value]
        if _numeric(node):
            return lambda run: f(run) != 0
        return lambda run: v if isinstance(v := f(run), bool) else v != 0

    def condition(self, node: Node) -> Callable[[_Run], bool]:
        """A condition of IF/IFS: its truth, recorded as a decision with its text."""
        held = self.truth(node)
        said = self.text[node.start : node.end].strip()

        def decide(run: _Run) -> bool:
            h = held(run)
            run.decisions.append((said, h))
            return h

        return decide

    def name(self, node: Name) -> Compiled:
        name, folded, start = node.name, node.name.casefold(), node.start
        return lambda run: run.name(name, folded, start)

    def negate(self, node: Negate) -> Compiled:
        operand, start = self.number(node.operand), node.start
        return lambda run: run.check(-operand(run), start)

    def percent(self, node: Percent) -> Compiled:
        operand = self.number(node.operand)
        return lambda run: operand(run) / HUNDRED

    def binary(self, node: Binary) -> Compiled:
        left, right, op, at = (
            self.number(node.left),
            self.number(node.right),
            node.op,
            node.op_offset,
        )
        # (the left operand first, then the right, then the operation)
        if op in COMPARE:
            compare = COMPARE[op]
            return lambda run: compare(left(run), right(run))
        if op == "+":
            return lambda run: run.check(left(run) + right(run), at)
        if op == "-":
            return lambda run: run.check(left(run) - right(run), at)
        if op == "*":
            return lambda run: run.check(left(run) * right(run), at)
        if op == "/":
            return lambda run: run.divide(left(run), right(run), at)
        return lambda run: run.power(left(run), right(run), at)

    def call(self, node: Call) -> Compiled:
        f, args, start = node.function, node.args, node.start
        if f == "IF":
            return self._if(args)
        if f == "IFS":
            return self._ifs(args, start)
        if f in ("AND", "OR", "NOT"):
            truths = [self.truth(a) for a in args]
            if f == "NOT":
                only = truths[0]
                return lambda run: not only(run)
            both = all if f == "AND" else any
            return lambda run: both([t(run) for t in truths])  # (every argument evaluated)
        numbers = [self.number(a) for a in args]
        if f == "MIN":
            return lambda run: min([n(run) for n in numbers])
        if f == "MAX":
            return lambda run: max([n(run) for n in numbers])
        if f == "SUM":
            return lambda run: run.check(sum([n(run) for n in numbers], Decimal(0)), start)
        if f == "ABS":  # (one argument: the parser checks)
            operand = numbers[0]
            return lambda run: abs(operand(run))
        # ROUND (the parser knows no other function): both arguments, then the rounding
        return lambda run: run.rounded([n(run) for n in numbers], start)

    def _if(self, args: tuple[Node, ...]) -> Compiled:
        held = self.condition(args[0])
        then = self.value(args[1])
        if len(args) == 3:
            other = self.value(args[2])
            return lambda run: then(run) if held(run) else other(run)
        return lambda run: then(run) if held(run) else False

    def _ifs(self, args: tuple[Node, ...], start: int) -> Compiled:
        pairs = [
            (self.condition(c), self.value(r)) for c, r in zip(args[::2], args[1::2], strict=True)
        ]

        def first_held(run: _Run) -> Value:
            for held, result in pairs:
                if held(run):
                    return result(run)
            raise run.error(
                "no IFS condition is true (end with TRUE, value for a default)",
                "IFS 的条件均不成立（可在最后加 TRUE, 值 作为默认）",
                start,
            )

        return first_held


#: how `_Compiler.value` compiles each kind of node but a number or TRUE/FALSE
_COMPILE: dict[type, Callable[[_Compiler, Any], Compiled]] = {
    Name: _Compiler.name,
    Negate: _Compiler.negate,
    Percent: _Compiler.percent,
    Binary: _Compiler.binary,
    Call: _Compiler.call,
}

COMPARE: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "=": lambda a, b: a == b,
    "<>": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    ">=": lambda a, b: a >= b,
}
