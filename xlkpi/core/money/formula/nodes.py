"""The syntax tree of a formula. Every node keeps its span [start, end) in the text, so
errors and explanations can point at it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Node:
    """A node of the tree: where it stands in the formula text, [start, end)."""

    start: int
    end: int


@dataclass(frozen=True)
class Num(Node):
    """A number written in the formula."""

    value: Decimal


@dataclass(frozen=True)
class Bool(Node):
    """TRUE or FALSE."""

    value: bool


@dataclass(frozen=True)
class Name(Node):
    """An input, e.g. gross_profit or score."""

    name: str


@dataclass(frozen=True)
class Negate(Node):
    """A minus sign before an operand."""

    operand: Node


@dataclass(frozen=True)
class Percent(Node):
    """An operand followed by %, a hundredth of it."""

    operand: Node


@dataclass(frozen=True)
class Binary(Node):
    """Arithmetic or a comparison between two operands; `op_offset` is where the operator
    stands."""

    op: str  # + - * / ^ = <> < > <= >=
    left: Node
    right: Node
    op_offset: int


@dataclass(frozen=True)
class Call(Node):
    """A function call such as IF(...) or MIN(...)."""

    function: str  # upper case
    args: tuple[Node, ...]
