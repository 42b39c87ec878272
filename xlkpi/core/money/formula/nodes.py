"""The syntax tree of a formula. Every node keeps its span [start, end) in the text, so
errors and explanations can point at it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Node:
    start: int
    end: int


@dataclass(frozen=True)
class Num(Node):
    value: Decimal


@dataclass(frozen=True)
class Bool(Node):
    value: bool


@dataclass(frozen=True)
class Name(Node):
    name: str


@dataclass(frozen=True)
class Negate(Node):
    operand: Node


@dataclass(frozen=True)
class Percent(Node):
    operand: Node


@dataclass(frozen=True)
class Binary(Node):
    op: str  # + - * / ^ = <> < > <= >=
    left: Node
    right: Node
    op_offset: int


@dataclass(frozen=True)
class Call(Node):
    function: str  # upper case
    args: tuple[Node, ...]
