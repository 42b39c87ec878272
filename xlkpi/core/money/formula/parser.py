"""A recursive-descent parser for the formula language, with Excel's precedence.

From loosest to tightest binding:

    comparison   = <> < > <= >=        (left to right)
    additive     + -
    multiplicative * /
    power        ^                     (left to right, as in Excel: 2^3^2 = 64)
    percent      postfix %             (8% = 0.08)
    negation     prefix - and +        (as in Excel: -2^2 = 4)
    primary      number, TRUE/FALSE, name, FUNCTION(args), ( expression )

Nesting is limited to MAX_DEPTH levels so no input can exhaust the stack.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from xlkpi.core.money.formula.errors import FormulaError
from xlkpi.core.money.formula.nodes import (
    Binary,
    Bool,
    Call,
    Name,
    Negate,
    Node,
    Num,
    Percent,
)
from xlkpi.core.money.formula.tokenizer import Kind, Token, tokenize

MAX_DEPTH = 50  # nested parentheses, function calls and signs while parsing
MAX_TREE_DEPTH = 100  # operators chained in the finished tree (bounds evaluation)

# function -> (min args, max args or None for any number)
FUNCTIONS: dict[str, tuple[int, int | None]] = {
    "IF": (2, 3),
    "IFS": (2, None),
    "AND": (1, None),
    "OR": (1, None),
    "NOT": (1, 1),
    "MIN": (1, None),
    "MAX": (1, None),
    "SUM": (1, None),
    "ROUND": (2, 2),
    "ABS": (1, 1),
}


def parse(text: str) -> Node:
    """Parse formula text into a syntax tree.

    Args:
        text: the formula, with or without a leading "=".
    Returns:
        The root node.
    Raises:
        FormulaError: a syntax error, an unknown function or a wrong argument count, with
            the offset of the offending token.
    """
    root = _Parser(text, tokenize(text)).parse()
    _check_depth(text, root)
    return root


def children(node: Node) -> tuple[Node, ...]:
    """The direct sub-expressions of a node.

    Args:
        node: any node.
    Returns:
        Its operands or arguments, left to right.
    """
    if isinstance(node, Binary):
        return (node.left, node.right)
    if isinstance(node, Negate | Percent):
        return (node.operand,)
    if isinstance(node, Call):
        return node.args
    return ()


def _check_depth(text: str, root: Node) -> None:
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_TREE_DEPTH:
            raise FormulaError(
                f"the formula chains more than {MAX_TREE_DEPTH} operations",
                f"公式中连续运算超过 {MAX_TREE_DEPTH} 层",
                node.start,
                text,
            )
        stack.extend((child, depth + 1) for child in children(node))


class _Parser:
    def __init__(self, text: str, tokens: list[Token]):
        self.text = text
        self.tokens = tokens
        self.pos = 0
        self.depth = 0

    @property
    def token(self) -> Token:
        return self.tokens[self.pos]

    def advance(self) -> Token:
        token = self.tokens[self.pos]
        if token.kind is not Kind.END:
            self.pos += 1
        return token

    def error(self, en: str, zh: str, offset: int) -> FormulaError:
        return FormulaError(en, zh, offset, self.text)

    def parse(self) -> Node:
        if self.token.kind is Kind.END:
            raise self.error("the formula is empty", "公式为空", self.token.offset)
        node = self.comparison()
        if self.token.kind is not Kind.END:
            raise self.unexpected()
        return node

    def unexpected(self) -> FormulaError:
        token = self.token
        if token.kind is Kind.END:
            return self.error("the formula ends too early", "公式不完整", token.offset)
        if token.kind is Kind.RPAREN:
            return self.error("')' without a matching '('", "多余的右括号 ')'", token.offset)
        return self.error(
            f"unexpected {token.text!r}", f"此处不应出现 {token.text!r}", token.offset
        )

    def nested(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(
                f"the formula is nested more than {MAX_DEPTH} levels deep",
                f"公式嵌套超过 {MAX_DEPTH} 层",
                self.token.offset,
            )

    def comparison(self) -> Node:
        self.nested()
        node = self.chain(self.additive, Kind.COMPARE, "")
        self.depth -= 1
        return node

    def additive(self) -> Node:
        return self.chain(self.multiplicative, Kind.OP, "+-")

    def multiplicative(self) -> Node:
        return self.chain(self.power, Kind.OP, "*/")

    def power(self) -> Node:
        return self.chain(self.percent, Kind.OP, "^")

    def chain(self, operand: Callable[[], Node], kind: Kind, ops: str) -> Node:
        """`operand (op operand)*`, grouped from the left, for tokens of `kind` whose text is
        one of `ops` (any text when `ops` is empty)."""
        node = operand()
        while self.token.kind is kind and (not ops or self.token.text in ops):
            op = self.advance()
            right = operand()
            node = Binary(node.start, right.end, op.text, node, right, op.offset)
        return node

    def percent(self) -> Node:
        node = self.unary()
        while self.token.kind is Kind.OP and self.token.text == "%":
            op = self.advance()
            node = Percent(node.start, op.offset + 1, node)
        return node

    def unary(self) -> Node:
        token = self.token
        if token.kind is Kind.OP and token.text in "+-":
            self.advance()
            self.nested()
            operand = self.unary()
            self.depth -= 1
            if token.text == "+":
                return operand
            return Negate(token.offset, operand.end, operand)
        return self.primary()

    def primary(self) -> Node:
        token = self.token
        if token.kind is Kind.NUMBER:
            self.advance()
            assert token.value is not None
            return Num(token.offset, token.offset + len(token.text), token.value)
        if token.kind is Kind.LPAREN:
            self.advance()
            node = self.comparison()
            if self.token.kind is not Kind.RPAREN:
                raise self.error(
                    f"missing ')' to close the '(' at character {token.offset + 1}",
                    f"缺少右括号，与第 {token.offset + 1} 个字符处的 '(' 对应",
                    self.token.offset,
                )
            close = self.advance()
            return _span(node, token.offset, close.offset + 1)
        if token.kind is Kind.NAME:
            self.advance()
            if self.token.kind is Kind.LPAREN:
                return self.call(token)
            upper = token.text.upper()
            end = token.offset + len(token.text)
            if upper in ("TRUE", "FALSE"):
                return Bool(token.offset, end, upper == "TRUE")
            return Name(token.offset, end, token.text)
        raise self.unexpected()

    def call(self, name: Token) -> Node:
        function = name.text.upper()
        if function not in FUNCTIONS:
            known = ", ".join(FUNCTIONS)
            raise self.error(
                f"unknown function {name.text!r} (known: {known})",
                f"未知函数 {name.text!r}（可用：{known}）",
                name.offset,
            )
        self.advance()  # (
        args: list[Node] = []
        if self.token.kind is not Kind.RPAREN:
            args.append(self.comparison())
            while self.token.kind is Kind.COMMA:
                self.advance()
                args.append(self.comparison())
        if self.token.kind is not Kind.RPAREN:
            if self.token.kind is Kind.END:
                raise self.error(
                    f"missing ')' to close {function}(",
                    f"{function}( 缺少右括号",
                    self.token.offset,
                )
            raise self.unexpected()
        close = self.advance()
        low, high = FUNCTIONS[function]
        count = len(args)
        if count < low or (high is not None and count > high) or (function == "IFS" and count % 2):
            en, zh = _arity(function, low, high)
            raise self.error(
                f"{function} takes {en}, got {count}",
                f"{function} 需要 {zh}，实际为 {count} 个",
                name.offset,
            )
        return Call(name.offset, close.offset + 1, function, tuple(args))


def _span(node: Node, start: int, end: int) -> Node:
    """The same node, spanning its parentheses too (for explanations)."""
    return replace(node, start=start, end=end)


def _arity(function: str, low: int, high: int | None) -> tuple[str, str]:
    """How many arguments `function` takes, in English and Chinese."""
    if function == "IFS":
        return "pairs of condition, value", "成对的 条件, 值 参数"
    if high is None:
        return f"at least {low} argument(s)", f"至少 {low} 个参数"
    if low == high:
        return f"{low} argument(s)", f"{low} 个参数"
    return f"{low} to {high} arguments", f"{low} 到 {high} 个参数"
