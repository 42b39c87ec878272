"""The message catalogs (xlkpi/words/*.toml): every file loads, every entry is zh + en text
with the same {placeholders} in both, every table is used, and a broken file is refused."""

from __future__ import annotations

import re
import string
import tomllib
from importlib import resources
from pathlib import Path

import pytest

import xlkpi
from xlkpi import words
from xlkpi.core.label import Label

PACKAGE = Path(xlkpi.__file__).parent


def _loadable_tables() -> list[tuple[str, str]]:
    """(area, table) of every catalog that loads; a broken one fails its own test below
    instead of stopping the collection of this file."""
    found = []
    for area in words.areas():
        try:
            found += [(area, name) for name in words.catalog(area)]
        except words.CatalogError:
            continue
    return found


TABLES = _loadable_tables()


def _raw(area: str) -> dict:
    """The file as TOML alone, without the loader's checks."""
    text = resources.files(words).joinpath(f"{area}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _fields(text: str) -> set[str]:
    """The {placeholder} names `str.format` fills in `text`."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def test_the_catalogs_shipped_are_the_files_of_the_package():
    on_disk = sorted(p.stem for p in (PACKAGE / "words").glob("*.toml"))
    assert words.areas() == on_disk
    assert len(on_disk) >= 10


def _raw_tables(area: str) -> dict[str, dict]:
    """name -> entries of the file read as TOML alone; [choices.scope] tables named so."""
    found = {}
    for name, entries in _raw(area).items():
        assert isinstance(entries, dict) and entries, f"{area}.toml [{name}]"
        inner = list(entries.values())
        if all(isinstance(e, dict) and all(isinstance(v, dict) for v in e.values()) for e in inner):
            found |= {f"{name}.{group}": table for group, table in entries.items()}
        else:
            found[name] = entries
    return found


@pytest.mark.parametrize("area", words.areas())
def test_every_catalog_loads(area):
    assert words.catalog(area)


@pytest.mark.parametrize("area", words.areas())
def test_every_entry_is_exactly_zh_and_en_text(area):
    tables = _raw_tables(area)
    assert list(tables) == list(words.catalog(area))
    for name, entries in tables.items():
        assert entries, f"{area}.toml [{name}] is empty"
        for key, entry in entries.items():
            assert isinstance(entry, dict), f"{area}.toml [{name}] {key}"
            assert set(entry) == {"zh", "en"}, f"{area}.toml [{name}] {key}: {sorted(entry)}"
            for lang in ("zh", "en"):
                value = entry[lang]
                assert isinstance(value, str) and value.strip(), f"{area} {name} {key} {lang}"


@pytest.mark.parametrize(("area", "name"), TABLES)
def test_zh_and_en_fill_the_same_placeholders(area, name):
    differ = {
        key: (sorted(_fields(label.zh)), sorted(_fields(label.en)))
        for key, label in words.catalog(area)[name].items()
        if _fields(label.zh) != _fields(label.en)
    }
    assert differ == {}


@pytest.mark.parametrize(("area", "name"), TABLES)
def test_each_text_is_in_its_language(area, name):
    """A text pasted into the wrong language is caught: words in zh are Chinese, en has none."""
    cjk = re.compile(r"[\u4e00-\u9fff]")
    wrong = []
    for key, label in words.catalog(area)[name].items():
        if (area, name, key) == ("app", "text", "other_lang"):  # the switch names the other
            continue
        zh_words = re.sub(r"\{[^}]*\}", "", label.zh)
        if not cjk.search(zh_words) and re.search(r"[A-Za-z]", zh_words):
            wrong.append(f"{key}.zh")
        if cjk.search(label.en):
            wrong.append(f"{key}.en")
    assert wrong == []


@pytest.mark.parametrize(("area", "name"), TABLES)
def test_every_table_is_used_by_the_code(area, name):
    group, dot, _ = name.partition(".")
    call = f'words.groups("{area}", "{group}")' if dot else f'words.table("{area}", "{name}")'
    users = [p for p in PACKAGE.rglob("*.py") if call in p.read_text(encoding="utf-8")]
    assert users, f"nothing reads {area}.toml [{name}]"


def test_a_table_keeps_the_order_of_its_file():
    from xlkpi.overview.layout import COLUMNS

    assert list(COLUMNS)[:3] == ["workbook", "department", "headcount"]
    assert list(COLUMNS) == list(_raw("overview")["columns"])


def test_table_returns_labels_and_a_fresh_dict():
    first = words.table("workbook", "sheets")
    first.pop("guide")
    again = words.table("workbook", "sheets")
    assert again["guide"] == Label("说明", "Guide")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('[t]\nk = { zh = "中", en = "E", de = "D" }\n', "unknown key(s) de"),
        ('[t]\nk = { zh = "中" }\n', "en is missing"),
        ('[t]\nk = { zh = "", en = "E" }\n', "zh is missing or not a non-empty text"),
        ('[t]\nk = { zh = "中", en = "  " }\n', "en is missing or not a non-empty text"),
        ('[t]\nk = { zh = "中", en = 3 }\n', "en is missing"),
        ('[t]\nk = "中"\n', "expected { zh"),
        ('k = "x"\n', "k is not a table"),
        ('[t]\nk = { zh = "中", en = "E" \n', "not valid TOML"),
        ('[t]\nk.zh = "中"\nkk.en = "E"\n', "en is missing"),
    ],
)
def test_a_broken_catalog_is_refused_with_its_place(text, says):
    with pytest.raises(words.CatalogError, match=re.escape(says)) as caught:
        words.parse("x.toml", text)
    assert "x.toml" in str(caught.value)


def test_an_unknown_area_or_table_is_refused():
    with pytest.raises(words.CatalogError, match="nowhere.toml"):
        words.table("nowhere", "text")
    with pytest.raises(words.CatalogError, match=r"cli.toml has no table \[nothing\]"):
        words.table("cli", "nothing")


def test_groups_of_tables_keep_the_order_of_their_file():
    from xlkpi.workbook.layout import CHOICES

    assert list(CHOICES)[:2] == ["scored_by", "rater_mode"]
    assert list(CHOICES) == list(_raw("workbook")["choices"])
    assert CHOICES["lang"]["zh"] == Label("中文", "Chinese")


def test_a_group_is_checked_like_a_table():
    good = '[c.a]\nx = { zh = "甲", en = "A" }\n[c.b]\ny = { zh = "乙", en = "B" }\n'
    assert list(words.parse("g.toml", good)) == ["c.a", "c.b"]
    bad = good + 'z = { zh = "丙", english = "C" }\n'
    with pytest.raises(words.CatalogError, match=re.escape("g.toml [c.b] z: unknown key(s)")):
        words.parse("g.toml", bad)
    with pytest.raises(
        words.CatalogError, match=re.escape("workbook.toml has no tables [nothing.")
    ):
        words.groups("workbook", "nothing")
