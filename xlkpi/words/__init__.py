"""The words HR reads, kept as data: one TOML message catalog per area of xlkpi.

Each file (`cli.toml`, `delivery.toml`, ...) holds named tables of bilingual texts, one
entry a line, in the order the code uses them (column lists are laid out in that order):

    [columns]
    id = { zh = "工号", en = "Employee ID" }
    hint.zh = "一段较长的说明……"
    hint.en = "A longer text..."

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

from xlkpi.core.label import Label

#: the languages of every entry, in the order they are written
LANGS = ("zh", "en")
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
    tables = {}
    for name, entries in data.items():
        if not isinstance(entries, dict):
            raise CatalogError(f"{file}: {name} is not a table of entries")
        tables[name] = {key: _label(f"{file} [{name}] {key}", e) for key, e in entries.items()}
    return tables


def _label(where: str, entry: object) -> Label:
    """The Label of one entry: exactly zh and en, both non-empty text."""
    if not isinstance(entry, dict):
        raise CatalogError(f'{where}: expected {{ zh = "...", en = "..." }}, got {entry!r}')
    unknown = sorted(set(entry) - set(LANGS))
    if unknown:
        raise CatalogError(f"{where}: unknown key(s) {', '.join(unknown)} (only zh and en)")
    for lang in LANGS:
        value = entry.get(lang)
        if not isinstance(value, str) or not value:
            raise CatalogError(f"{where}: {lang} is missing or not a non-empty text")
    return Label(entry["zh"], entry["en"])
