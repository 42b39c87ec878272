"""pay_columns.input_name: which money input a header or key cell names, by its name or
any label in either language, looked up once per text rather than scanned."""

from __future__ import annotations

import pytest

from xlkpi.core.money import PRESETS
from xlkpi.workbook import pay_columns as pc

NAMES = [*pc.MONEY_INPUTS, *(i.name for p in PRESETS.values() for i in p.inputs)]


def _scanned(text: object) -> str | None:
    """The definition: the first input, MONEY_INPUTS then the presets' inputs in order,
    whose name (casefolded) or one of whose labels the text is."""
    norm = pc.normalise_label(text)
    if not norm:
        return None
    for name in NAMES:
        if norm == name.casefold() or any(lb.matches(text) for lb in pc.input_labels(name)):
            return name
    return None


def _spellings() -> list[object]:
    out: list[object] = [None, "", "  ", "no such input", 42]
    for name in NAMES:
        out += [name, name.upper(), f" {name} "]
        for label in pc.input_labels(name):
            out += [label.zh, label.en, f"{label.zh}(元)", f"{label.en.upper()}*", f"{label.zh}："]
    return out


@pytest.mark.parametrize("text", _spellings())
def test_input_name_is_the_first_input_the_text_names(text):
    assert pc.input_name(text) == _scanned(text)


def test_known_spellings():
    assert pc.input_name("底薪") == "base_pay"
    assert pc.input_name("BASE PAY") == "base_pay"
    assert pc.input_name("base_pay") == "base_pay"
    assert pc.input_name("标准工资(元)") == "standard_pay"
    assert pc.input_name("工资") is None
    assert pc.input_name(None) is None


def test_labels_are_gathered_once_not_for_every_text(monkeypatch):
    """Each input's labels are gathered once, however many cells are looked up (a scan per
    cell gathered every input's labels again: names × names work for each cell)."""
    calls: list[str] = []
    real = pc.input_labels

    def counted(name: str):
        calls.append(name)
        return real(name)

    monkeypatch.setattr(pc, "input_labels", counted)
    for text in ["底薪", "Base pay", "unknown", "工资", "role"] * 20:
        pc.input_name(text)
    assert len(calls) <= len(NAMES)  # none once an earlier lookup gathered them
