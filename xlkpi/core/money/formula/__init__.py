"""A small, safe, Excel-style formula language for bonus formulas HR edits in a cell.

    =gross_profit/1.17*0.8%*attainment*score/100 + IF(ftf>=90%,100,-100)

Own tokenizer, parser and evaluator: no eval, exec or Python syntax trees of user text.
See docs/money.md for the language reference.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from xlkpi.core.money.formula.errors import FormulaError
from xlkpi.core.money.formula.evaluator import (
    Compiled,
    Evaluation,
    InputValue,
    Value,
    compile_tree,
    run,
)
from xlkpi.core.money.formula.nodes import Name, Node
from xlkpi.core.money.formula.parser import FUNCTIONS, children, parse

__all__ = [
    "FUNCTIONS",
    "Evaluation",
    "Formula",
    "FormulaError",
    "InputValue",
    "Value",
    "compile_formula",
]


@dataclass(frozen=True)
class Formula:
    """A parsed formula: its text, its tree and the names it reads (first use order)."""

    text: str
    root: Node = field(repr=False)
    names: tuple[str, ...]
    #: the tree compiled once for evaluating it per person (see evaluator.compile_tree)
    compiled: Compiled = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "compiled", compile_tree(self.text, self.root))

    def evaluate(self, inputs: Mapping[str, InputValue]) -> Evaluation:
        """Evaluate over named inputs.

        Args:
            inputs: name -> value (numbers or booleans); names match case-insensitively.
        Returns:
            The value with the inputs used and the conditions decided.
        Raises:
            FormulaError: see `xlkpi.core.money.formula.evaluator.run`.
        """
        return run(self.text, self.compiled, inputs)


def compile_formula(text: str) -> Formula:
    """Parse formula text once, to evaluate it for many people.

    Args:
        text: the formula, with or without a leading "=".
    Returns:
        The formula.
    Raises:
        FormulaError: a syntax error with its position.
    """
    root = parse(text)
    names: list[str] = []
    seen: set[str] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, Name) and node.name.casefold() not in seen:
            seen.add(node.name.casefold())
            names.append(node.name)
        stack.extend(reversed(children(node)))
    return Formula(text, root, tuple(names))
