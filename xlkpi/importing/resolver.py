"""Finding a position's indicators and input columns by the texts HR and exports use."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from xlkpi.workbook import layout
from xlkpi.workbook import pay_layout as pl

from .aliases import ACTUAL_SUFFIXES, rater_suffixes
from .headers import norm_key, parse_header
from .target import DataSheet, IndicatorInfo, Target


@dataclass
class Resolver:
    """Indicator and column names of every position, looked up by normalised text."""

    target: Target
    # position code -> text -> indicator code
    indicators: dict[str, dict[str, str]] = field(default_factory=dict)
    # position code -> text -> data-sheet key
    keys: dict[str, dict[str, str]] = field(default_factory=dict)
    # position code -> text -> every key it names, where that is more than one
    clashes: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for pos in self.target.positions.values():
            texts = _PositionTexts()
            sheet = self.target.data_sheets.get(pos.sheet)
            for ind in self.target.indicators.get(pos.code, []):
                texts.add_indicator(ind, sheet)
            texts.add_bare_inputs()
            if sheet is not None:
                texts.add_pay_inputs(sheet)
            self.indicators[pos.code] = texts.by_text
            self.keys[pos.code] = texts.by_key
            self.clashes[pos.code] = {t: ks for t, ks in texts.clashes.items() if len(ks) > 1}

    def key(self, position: str, text: Any) -> str | None:
        """The data-sheet key a column or indicator text names for `position`."""
        return self.keys.get(position, {}).get(norm_key(text))

    def indicator(self, position: str, text: Any) -> str | None:
        """The indicator code `text` names (without any rater or input) for `position`."""
        return self.indicators.get(position, {}).get(norm_key(text))

    def clash(self, text: Any) -> list[str]:
        """The keys or codes `text` names in one position when it names more than one."""
        t = norm_key(text)
        return next((ks for c in self.clashes.values() if (ks := c.get(t))), [])

    def anywhere(self, text: Any) -> bool:
        """Whether `text` names an indicator or input column of any position."""
        t = norm_key(text)
        return any(t in m for m in self.keys.values()) or any(
            t in m for m in self.indicators.values()
        )

    def label(self, position: str, key: str) -> str:
        """A text that names `key` for HR ("response_time 平均响应时长", "CS3 服务态度 自评")."""
        dk = layout.parse_data_key(key)
        ind = next(
            (i for i in self.target.indicators.get(position, []) if dk and i.code == dk.code), None
        )
        if dk is None or ind is None:
            return key
        text = f"{ind.code} {ind.name}".strip()
        if dk.rater is not None:
            text += " " + layout.RATER_LABELS[dk.rater].zh
        elif dk.input:
            text += " " + dk.input
        return text if self.key(position, text) == key else key


@dataclass
class _PositionTexts:
    """The texts naming one position's indicators and input columns, as they are
    collected: the first code or key a text names wins, the others are kept as clashes."""

    by_text: dict[str, str] = field(default_factory=dict)  # text -> indicator code
    by_key: dict[str, str] = field(default_factory=dict)  # text -> data-sheet key
    clashes: dict[str, list[str]] = field(default_factory=dict)  # text -> codes or keys
    bare_inputs: dict[str, set[str]] = field(default_factory=dict)  # input name -> keys

    def _add(self, text: str, key: str, table: dict[str, str]) -> None:
        old = table.setdefault(text, key)
        if old != key and key not in self.clashes.setdefault(text, [old]):
            self.clashes[text].append(key)

    def add_indicator(self, ind: IndicatorInfo, sheet: DataSheet | None) -> None:
        """An indicator's names, and its input columns on the position's sheet."""
        names = {norm_key(n) for n in ind.names()}
        # an indicator named with its unit ("平均通话时间（秒）") is also found without
        names |= {parse_header(n).key for n in ind.names()}
        names.discard("")
        for n in names:
            self._add(n, ind.code, self.by_text)
        if sheet is not None:
            for key in sheet.input_keys(ind.code):
                self._add_column(key, names, sheet.headers.get(key, ""))

    def _add_column(self, key: str, names: set[str], header: str) -> None:
        """An input column: its key, and each indicator name followed by what names the
        column ("满意度 自评", "纪律 迟到", "CSAT actual")."""
        dk = layout.parse_data_key(key)
        assert dk is not None
        forms: set[str] = {key}
        suffixes = [norm_key(suffix) for suffix in _suffixes(dk, header)]
        for n in names:
            for sfx in suffixes:
                if sfx or dk.kind == "actual":
                    forms |= {f"{n} {sfx}".strip(), f"{n}{sfx}"}
        for f in forms:
            self._add(norm_key(f), key, self.by_key)
        if dk.kind == "input":  # "迟到" alone, when no other input is so named
            for bare in {norm_key(dk.input), norm_key(header)}:
                if bare:
                    self.bare_inputs.setdefault(bare, set()).add(key)

    def add_bare_inputs(self) -> None:
        """A named input's name alone, where it names one column only."""
        for bare, keys in self.bare_inputs.items():
            if len(keys) == 1:
                self.by_key.setdefault(bare, next(iter(keys)))

    def add_pay_inputs(self, sheet: DataSheet) -> None:
        """Pay inputs (`m:` columns): by key, name or label in either language."""
        for key in sheet.money_keys():
            name = key[len(pl.MONEY_PREFIX) :]
            texts = [key, name, sheet.headers.get(key, "")]
            texts += [t for lb in pl.input_labels(name) for t in (lb.zh, lb.en)]
            for t in texts:
                if norm_key(t):
                    self.by_key.setdefault(norm_key(t), key)


def _suffixes(dk: layout.DataKey, header: str) -> list[str]:
    """What may follow an indicator's name to name one of its columns: nothing or
    "actual" for the actual value, the rater, or the input's name or header."""
    if dk.kind == "actual":
        return [""] + sorted(ACTUAL_SUFFIXES)
    if dk.kind == "rater":
        assert dk.rater is not None
        return rater_suffixes(dk.rater)
    return [dk.input, header]
