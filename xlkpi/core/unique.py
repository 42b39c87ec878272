"""One rule for what HR keys twice: the first one wins and every later one is reported."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


def first_of_each(
    items: Iterable[T], key: Callable[[T], K], duplicate: Callable[[T, T], None]
) -> dict[K, T]:
    """`items` by `key`, in input order, keeping the first of each key.

    Args:
        items: what was read, in the order HR wrote it.
        key: what must be unique (an employee id, a position's indicator code).
        duplicate: called with (the first, the later one) for every later item of a key,
            to report it.
    Returns:
        key -> the first item with that key.
    """
    firsts: dict[K, T] = {}
    for item in items:
        k = key(item)
        first = firsts.get(k)
        if first is not None:
            duplicate(first, item)
            continue
        firsts[k] = item
    return firsts
