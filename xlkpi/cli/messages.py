"""What the command line says, in Chinese and English (the message catalog
xlkpi/words/cli.toml), and how it picks the language.

The language is the workbook's own (its Settings sheet) when the command has a workbook
that can be read; otherwise `--lang`; otherwise the user's interface language (the locale,
or Windows' display language) when it is set and not Chinese; otherwise Chinese.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from typing import TextIO

from xlkpi import words
from xlkpi.core.fmt import agree
from xlkpi.core.problems import Problem, Source
from xlkpi.workbook.layout import SEVERITY_LABELS

TEXT = words.table("cli", "text")

STAGES = words.table("cli", "stages")


def t(key: str, lang: str, **values: object) -> str:
    """The message `key` in `lang`, with `{name}` fields filled in."""
    text = TEXT[key](lang)
    return agree(text.format(**values)) if values else text


def stage_label(lang: str):  # noqa: ANN201 - a small closure factory
    """A function naming a progress stage in `lang` (unknown stages are shown as given)."""

    def label(stage: str) -> str:
        found = STAGES.get(stage)
        return found(lang) if found else stage

    return label


#: locales that name no language ("C.UTF-8" is a container's default, not a choice)
_NO_LANGUAGE = ("c", "posix")


def locale_lang(environ: Mapping[str, str] | None = None, *, windows: bool | None = None) -> str:
    """The user's language: 'zh' unless the user's interface is in another language.

    LC_ALL, LC_MESSAGES, then LANG: "zh…" is Chinese, "C"/"POSIX" (with or without an
    encoding) say nothing, anything else ("en_GB.UTF-8", "de_DE") is English. Without a
    locale, Windows is asked for the user's UI language; otherwise Chinese, the default.

    Args:
        environ: the environment (os.environ when None).
        windows: whether to ask Windows (default: when running on Windows).
    """
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "").strip()
        if not value or value.split(".")[0].lower() in _NO_LANGUAGE:
            continue
        return "zh" if value.lower().startswith("zh") else "en"
    if windows if windows is not None else sys.platform == "win32":
        return _windows_ui_lang()
    return "zh"


def _windows_ui_lang() -> str:
    """'zh' when the Windows display language is Chinese (primary language id 0x04)."""
    try:
        import ctypes

        langid = ctypes.windll.kernel32.GetUserDefaultUILanguage()  # type: ignore[attr-defined]
    except (AttributeError, OSError):  # not Windows after all: keep the default
        return "zh"
    return "zh" if langid & 0x3FF == 0x04 else "en"


def place(src: Source, lang: str) -> str:
    """Where a problem is, for people: 'Roster!B4', 'actuals.csv row 7',
    'export.xlsx Sheet1!C7'."""
    if src.file:
        from xlkpi.importing.sources import place_text

        return place_text(src, lang)
    return str(src) if (src.sheet or src.label) else ""


def problem_line(p: Problem, lang: str) -> str:
    """'错误 Roster!B4：…' / 'error Roster!B4: …'."""
    severity = SEVERITY_LABELS[p.severity.value](lang) if lang == "zh" else p.severity.value
    where = ", ".join(x for x in (place(s, lang) for s in p.where) if x)
    sep = "：" if lang == "zh" else ": "
    return (
        f"{severity} {where}{sep}{p.message(lang)}"
        if where
        else f"{severity}{sep}{p.message(lang)}"
    )


def print_problems(
    problems: Iterable[Problem], lang: str, out: TextIO, *, limit: int = 100
) -> None:
    """Errors first, then warnings; at most `limit` of each, then a count of the rest."""
    items = list(problems)
    for severity, more_key in (("error", "more_errors"), ("warning", "more_warnings")):
        group = [p for p in items if p.severity.value == severity]
        for p in group[:limit]:
            print(problem_line(p, lang), file=out)
        if len(group) > limit:
            print(t("more", lang, n=len(group) - limit, what=t(more_key, lang)), file=out)


def report_address() -> str:
    """Where to report bugs: the package's 'Issues'/'Bug Tracker' URL, when it has one."""
    try:
        from importlib.metadata import metadata

        urls = metadata("xlkpi").get_all("Project-URL") or []
    except Exception:  # not installed as a distribution: no metadata to read
        urls = []
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("issues", "bug tracker", "bugs", "tracker"):
            return url.strip()
    return ""
