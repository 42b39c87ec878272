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


def evaluate(text: str, root: Node, inputs: Mapping[str, InputValue]) -> Evaluation:
    """Evaluate a syntax tree.

    Args:
        text: the formula text the tree was parsed from (for messages and decisions).
        root: the tree.
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
    run = _Run(text, folded)
    with localcontext(_CONTEXT):  # (a copy of it: the run's own)
        value = run.eval(root)
    return Evaluation(value, run.used, run.decisions)


class _Run:
    def __init__(self, text: str, inputs: dict[str, tuple[str, InputValue]]):
        self.text = text
        self.inputs = inputs
        self.used: dict[str, Value] = {}
        self.decisions: list[tuple[str, bool]] = []

    def error(self, en: str, zh: str, offset: int) -> FormulaError:
        return FormulaError(en, zh, offset, self.text)

    def eval(self, node: Node) -> Value:
        # by the node's class, one lookup (the tree is walked once per person, and an
        # isinstance test per kind of node in turn cost more than the arithmetic)
        kind = node.__class__
        if kind is Num or kind is Bool:
            return node.value  # type: ignore[attr-defined,no-any-return]
        step = _STEPS.get(kind)
        if step is None:
            raise self.error("unsupported expression", "不支持的表达式", node.start)
        return step(self, node)

    def negate(self, node: Negate) -> Decimal:
        return self.check(-self.number(node.operand), node.start)

    def percent(self, node: Percent) -> Decimal:
        return self.number(node.operand) / HUNDRED

    def number(self, node: Node) -> Decimal:
        value = self.eval(node)
        if value.__class__ is bool:
            return Decimal(1) if value else Decimal(0)
        return value  # type: ignore[return-value]

    def truth(self, node: Node) -> bool:
        value = self.eval(node)
        return value if isinstance(value, bool) else value != 0

    def check(self, value: Decimal, offset: int) -> Decimal:
        if abs(value) > MAX_VALUE:
            raise self.error(
                f"result is too large (over {MAX_VALUE:,.0f})",
                f"计算结果过大（超过 {MAX_VALUE:,.0f}）",
                offset,
            )
        return value

    def name(self, node: Name) -> Value:
        found = self.inputs.get(node.name.casefold())
        if found is None:
            known = ", ".join(sorted(k for k, _ in self.inputs.values())) or "-"
            raise self.error(
                f"unknown name {node.name!r} (inputs: {known})",
                f"未知名称 {node.name!r}（可用输入：{known}）",
                node.start,
            )
        key, raw = found
        value = self.convert(key, raw, node.start)
        self.used.setdefault(node.name, value)
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

    def binary(self, node: Binary) -> Value:
        left = self.number(node.left)
        right = self.number(node.right)
        op = node.op
        if op in COMPARE:
            return COMPARE[op](left, right)
        if op == "+":
            result = left + right
        elif op == "-":
            result = left - right
        elif op == "*":
            result = left * right
        elif op == "/":
            if right == 0:
                raise self.error("division by zero", "除数为零", node.op_offset)
            result = left / right
        else:
            result = self.power(left, right, node.op_offset)
        return self.check(result, node.op_offset)

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
        return result

    def call(self, node: Call) -> Value:
        f = node.function
        args = node.args
        if f == "IF":
            held = self.truth(args[0])
            self.decide(args[0], held)
            if held:
                return self.eval(args[1])
            return self.eval(args[2]) if len(args) == 3 else False
        if f == "IFS":
            for condition, result in zip(args[::2], args[1::2], strict=True):
                held = self.truth(condition)
                self.decide(condition, held)
                if held:
                    return self.eval(result)
            raise self.error(
                "no IFS condition is true (end with TRUE, value for a default)",
                "IFS 的条件均不成立（可在最后加 TRUE, 值 作为默认）",
                node.start,
            )
        if f == "AND":
            return all([self.truth(a) for a in args])
        if f == "OR":
            return any([self.truth(a) for a in args])
        if f == "NOT":
            return not self.truth(args[0])
        numbers = [self.number(a) for a in args]
        if f == "MIN":
            return min(numbers)
        if f == "MAX":
            return max(numbers)
        if f == "SUM":
            return self.check(sum(numbers, Decimal(0)), node.start)
        if f == "ABS":
            return abs(numbers[0])
        return self.round(numbers[0], numbers[1], node)

    def round(self, value: Decimal, digits: Decimal, node: Call) -> Decimal:
        if digits != digits.to_integral_value() or abs(digits) > MAX_ROUND_DIGITS:
            raise self.error(
                f"ROUND digits must be a whole number from -{MAX_ROUND_DIGITS} to "
                f"{MAX_ROUND_DIGITS}, got {digits}",
                f"ROUND 的位数应为 -{MAX_ROUND_DIGITS} 到 {MAX_ROUND_DIGITS} 的整数，实际为 {digits}",
                node.start,
            )
        step = Decimal(1).scaleb(-int(digits))
        return value.quantize(step, rounding=ROUND_HALF_UP)

    def decide(self, condition: Node, held: bool) -> None:
        self.decisions.append((self.text[condition.start : condition.end].strip(), held))


#: how `_Run.eval` evaluates each kind of node but a number or TRUE/FALSE
_STEPS: dict[type, Callable[[_Run, Any], Value]] = {
    Name: _Run.name,
    Negate: _Run.negate,
    Percent: _Run.percent,
    Binary: _Run.binary,
    Call: _Run.call,
}

COMPARE: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "=": lambda a, b: a == b,
    "<>": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    ">=": lambda a, b: a >= b,
}
