"""PayContext finds a person's money inputs as `PersonInputs.get` and `has` do (any case,
the first spelling wins), by a map of case-folded names made once per data sheet."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from xlkpi.core.model import Employee
from xlkpi.core.problems import Problems, Source
from xlkpi.workbook.pay_read import PersonInputs
from xlkpi.workbook.pay_results.context import PayContext


def _person(values: dict[str, Any]) -> PersonInputs:
    cells = {k: Source("Sheet", f"{chr(65 + i)}2") for i, k in enumerate(values)}
    employee = Employee("E1", "Ann", "P")
    return PersonInputs(employee, "Sheet", 1, values, cells, Source("Sheet", "A2"))


def test_inputs_are_found_as_person_inputs_finds_them():
    context = PayContext(
        None,  # type: ignore[arg-type]  # (the setup is not read to find inputs)
        SimpleNamespace(where=SimpleNamespace(lang="zh")),  # type: ignore[arg-type]
        SimpleNamespace(results=[]),  # type: ignore[arg-type]
        {},
        Problems(),
        None,  # type: ignore[arg-type]
    )
    people = [
        _person({"Bonus": 1.5, "bonus": 2.5, "Score": " ", "rate": "90%"}),
        _person({"bonus": 3.0, "BONUS": 4.0}),  # another sheet: its own spellings
        _person({}),
    ]
    for p in people * 2:  # the second time from the map already made
        for name in ("bonus", "BONUS", "Bonus", "rate", "RATE", "score", "Score", "other"):
            assert context._raw(p, name) == p.get(name)
            assert (name.casefold() in context._spelled(p)) == p.has(name)
