"""The words HR reads, kept as data: one TOML message catalog per area of xlkpi.

Each file (`cli.toml`, `delivery.toml`, ...) holds named tables of bilingual texts, one
entry a line, in the order the code uses them (column lists are laid out in that order):

    [columns]
    id = { zh = "工号", en = "Employee ID" }
    hint.zh = "一段较长的说明……"
    hint.en = "A longer text..."

A group of tables, such as the drop-down choices, is written `[choices.scope]`,
`[choices.lang]`, ... and read with `groups(area, "choices")`.

An entry has exactly the keys `zh` and `en`, both text. Anything else is a mistake of
whoever edited the file, so loading raises `CatalogError` at import time rather than
showing HR a half-translated word. The files are package data (read through
`importlib.resources`), so they load the same from a checkout, an installed wheel and
Pyodide (xlwings Lite). Only `xlkpi.core` is imported here: every layer may use this.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from xlkpi.core.label import LANGS, Label

_SUFFIX = ".toml"


class CatalogError(ValueError):
    """A catalog file is missing, is not TOML, or holds an entry that is not zh + en text."""


def areas() -> list[str]:
    """The names of the catalog files shipped with the package ("cli", "delivery", ...)."""
    files = resources.files(__name__).iterdir()
    return sorted(f.name.removesuffix(_SUFFIX) for f in files if f.name.endswith(_SUFFIX))


def table(area: str, name: str) -> dict[str, Label]:
    """The table `name` of the catalog `area`, key -> Label in file order (a fresh dict)."""
    tables = catalog(area)
    if name not in tables:
        raise CatalogError(f"{area}{_SUFFIX} has no table [{name}] (it has: {', '.join(tables)})")
    return dict(tables[name])


def groups(area: str, name: str) -> dict[str, dict[str, Label]]:
    """The tables `[name.<group>]` of the catalog `area`, group -> key -> Label, in order."""
    prefix = f"{name}."
    found = {
        table_name.removeprefix(prefix): dict(entries)
        for table_name, entries in catalog(area).items()
        if table_name.startswith(prefix)
    }
    if not found:
        raise CatalogError(f"{area}{_SUFFIX} has no tables [{prefix}<group>]")
    return found


@cache
def catalog(area: str) -> dict[str, dict[str, Label]]:
    """Every table of the catalog `area`, read and checked once."""
    file = f"{area}{_SUFFIX}"
    try:
        text = resources.files(__name__).joinpath(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(f"cannot read the catalog {file}: {exc}") from exc
    return parse(file, text)


def parse(file: str, text: str) -> dict[str, dict[str, Label]]:
    """The tables of a catalog's TOML `text` (`file` names it in errors), each checked."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"{file} is not valid TOML: {exc}") from exc
    tables: dict[str, dict[str, Label]] = {}
    for name, entries in data.items():
        if not isinstance(entries, dict):
            raise CatalogError(f"{file}: {name} is not a table of entries")
        if _is_group(entries):  # [name.group] tables: stored flat as "name.group"
            for group, inner in entries.items():
                tables[f"{name}.{group}"] = _entries(f"{file} [{name}.{group}]", inner)
        else:
            tables[name] = _entries(f"{file} [{name}]", entries)
    return tables


def _is_group(table: dict) -> bool:
    """Whether a table holds tables of entries rather than entries: an entry's values are
    text, so only a table of tables has tables all the way down."""
    return bool(table) and all(
        isinstance(inner, dict) and inner and all(isinstance(e, dict) for e in inner.values())
        for inner in table.values()
    )


def _entries(where: str, entries: dict) -> dict[str, Label]:
    """key -> Label of one table, each entry checked."""
    return {key: _label(f"{where} {key}", entry) for key, entry in entries.items()}


def _label(where: str, entry: object) -> Label:
    """The Label of one entry: exactly zh and en, both non-empty text."""
    if not isinstance(entry, dict):
        raise CatalogError(f'{where}: expected {{ zh = "...", en = "..." }}, got {entry!r}')
    unknown = sorted(set(entry) - set(LANGS))
    if unknown:
        raise CatalogError(f"{where}: unknown key(s) {', '.join(unknown)} (only zh and en)")
    for lang in LANGS:
        value = entry.get(lang)
        if not isinstance(value, str) or not value.strip():
            raise CatalogError(f"{where}: {lang} is missing or not a non-empty text")
    return Label(entry["zh"], entry["en"])
