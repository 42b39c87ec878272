"""`xlkpi templates`: the shipped templates with their titles and positions."""

from __future__ import annotations

import argparse
import unicodedata

from .common import EXIT_OK, Context
from .messages import t
from .parsers import command

HELP = "list the templates `xlkpi new` can build"
EXAMPLES = """\
examples:
  xlkpi templates
  xlkpi templates --lang en
"""


def add_parser(subs: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    """Register the `templates` subcommand."""
    command(subs, parent, "templates", HELP, EXAMPLES, run)


def width(text: str) -> int:
    """Columns a text takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    """`text` padded with spaces to `columns` terminal columns (CJK characters count two)."""
    return text + " " * max(0, columns - width(text))


def position_names(codes: tuple[str, ...] | list[str], lang: str) -> list[str]:
    """The names of the positions `codes` in `lang`, from the catalog."""
    from xlkpi.authoring import catalog_source

    return [catalog_source.position(code).name(lang) for code in codes]


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Print the templates with their titles and positions."""
    from xlkpi.authoring import TEMPLATES

    rows = [
        (
            name,
            spec.title(ctx.lang),
            ("、" if ctx.lang == "zh" else ", ").join(position_names(spec.positions, ctx.lang)),
        )
        for name, spec in TEMPLATES.items()
    ]
    head = (
        t("templates_header", ctx.lang),
        t("templates_title", ctx.lang),
        t("templates_positions", ctx.lang),
    )
    w0 = max(width(r[0]) for r in [*rows, head])
    w1 = max(width(r[1]) for r in [*rows, head])
    for r in [head, *rows]:
        ctx.say(f"{pad(r[0], w0)}  {pad(r[1], w1)}  {r[2]}".rstrip())
    return EXIT_OK
