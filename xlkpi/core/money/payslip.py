"""A person's Breakdown under one scheme: the who and which-scheme every scheme fills the
same way, so each scheme only says how the amount was reached."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, NamedTuple, Protocol

from xlkpi.core.money.explain import Breakdown, Step
from xlkpi.core.problems import Source


class Payee(Protocol):
    """Whoever a scheme pays: an employee ID, a name and the cell they came from."""

    @property
    def employee_id(self) -> str:
        """The person's employee ID."""

    @property
    def name(self) -> str:
        """The person's name."""

    @property
    def source(self) -> Source:
        """The cell the person came from."""


class Scheme(Protocol):
    """A pay scheme: its kind and its name in both languages."""

    @property
    def kind(self) -> str:
        """The scheme's kind, e.g. 'salary'."""

    @property
    def label_en(self) -> str:
        """The scheme's name in English."""

    @property
    def label_zh(self) -> str:
        """The scheme's name in Chinese."""


class SchemeName(NamedTuple):
    """A scheme's kind and names, for a payout worked out without a scheme object of its own
    (the roll-up of periods)."""

    kind: str
    label_en: str
    label_zh: str


def breakdown(
    scheme: Scheme, payee: Payee, amount: Decimal, steps: Iterable[Step], **more: Any
) -> Breakdown:
    """`payee`'s `amount` under `scheme`, reached by `steps`; `more` fills the rest of the
    Breakdown (inputs, tier, flags, notes, labels)."""
    return Breakdown(
        employee_id=payee.employee_id,
        name=payee.name,
        scheme=scheme.kind,
        scheme_en=scheme.label_en,
        scheme_zh=scheme.label_zh,
        amount=amount,
        steps=tuple(steps),
        source=payee.source,
        **more,
    )
