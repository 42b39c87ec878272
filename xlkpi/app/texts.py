"""Every word the app shows, in Chinese and English (Chinese is the default), kept in the
message catalog xlkpi/words/app.toml."""

from __future__ import annotations

from xlkpi import words
from xlkpi.cli.messages import TEXT as CLI_TEXT
from xlkpi.core.label import DEFAULT_LANG, LANGS

#: what the command line says of the same outcome, word for word (kept once, in cli.toml)
SHARED = (
    "calc_errors",
    "calc_issues_written",
    "import_file",
    "import_failed",
    "import_nothing",
    "rollup_failed",
)
TEXT = words.table("app", "text") | {key: CLI_TEXT[key] for key in SHARED}


def t(key: str, lang: str, **values: object) -> str:
    """The text `key` in `lang`, with `values` filled in."""
    text = TEXT[key](lang)
    return text.format(**values) if values else text


def pick_lang(value: str | None) -> str:
    """`value` when it is a language the app speaks, else Chinese."""
    return value if value in LANGS else DEFAULT_LANG
