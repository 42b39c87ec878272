"""`xlkpi new PATH`: a fresh workbook from a shipped template."""

from __future__ import annotations

import argparse
import contextlib
import os
import tempfile
from pathlib import Path

from .common import EXIT_OK, Context, Failed
from .messages import t
from .parsers import command

HELP = "create a workbook from a template"
EXAMPLES = """\
examples:
  xlkpi new 2026-10.xlsx
  xlkpi new 2026Q4.xlsx --template call-centre-agent --lang en
  xlkpi new 2026-10.xlsm --macro          (with a Calculate button; needs Excel macros)
  xlkpi templates                          (lists the templates)
"""


def add_parser(subs: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    """Register the `new` subcommand and its arguments."""
    p = command(subs, parent, "new", HELP, EXAMPLES, run)
    p.add_argument(
        "path", metavar="PATH", help="the workbook to create (.xlsx, or .xlsm with --macro)"
    )
    p.add_argument(
        "--template",
        "-t",
        metavar="NAME",
        default=None,
        help="template name (see `xlkpi templates`); default: the first listed",
    )
    p.add_argument(
        "--macro", action="store_true", help="build a macro-enabled .xlsm with a Calculate button"
    )
    p.add_argument(
        "--sample-data",
        action="store_true",
        help="fill in generated people, actuals and scores to try it out",
    )
    p.add_argument("--force", action="store_true", help="replace PATH if it exists")


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Build the chosen template into a new workbook at PATH."""
    from xlkpi.authoring import TEMPLATES

    name = args.template or next(iter(TEMPLATES))
    path = create_workbook(
        args.path,
        name,
        ctx,
        macro=args.macro,
        sample_data=args.sample_data,
        force=args.force,
    )
    spec = TEMPLATES[name]
    ctx.say(t("created", ctx.lang, path=path, name=name, title=spec.title(ctx.lang)))
    ctx.say(t("next_steps", ctx.lang, path=path))
    return EXIT_OK


def create_workbook(
    path: str | os.PathLike[str],
    name: str,
    ctx: Context,
    *,
    macro: bool = False,
    sample_data: bool = False,
    force: bool = False,
) -> Path:
    """Build template `name` in `ctx.lang` at `path` (used by `xlkpi new` and `xlkpi app`).

    Returns:
        The path created (".xlsx"/".xlsm" added when `path` has no suffix).
    Raises:
        Failed: unknown template, wrong suffix, missing folder, or `path` exists (no `force`).
    """
    from xlkpi.authoring import TEMPLATES, MacroUnavailable, build_workbook
    from xlkpi.io.atomic import as_new_file

    if name not in TEMPLATES:
        raise Failed("unknown_template", name=name, names=", ".join(TEMPLATES))
    path = Path(path)
    if not path.suffix:
        path = path.with_suffix(".xlsm" if macro else ".xlsx")
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm"):
        raise Failed("suffix_other", path=path)
    if macro and suffix != ".xlsm":
        raise Failed("suffix_macro", path=path)
    if not macro and suffix == ".xlsm":
        raise Failed("suffix_plain", path=path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise Failed("no_folder", path=folder)
    if path.exists() and not force:
        raise Failed("exists", path=path)

    # build beside the target, then move it into place: never a half-written PATH
    fd, tmp_name = tempfile.mkstemp(prefix=".xlkpi-new-", suffix=suffix, dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with ctx.progress("xlkpi new") as progress:
            progress("building")
            try:
                build_workbook(name, ctx.lang, tmp, macro=macro, sample_data=sample_data)
            except MacroUnavailable:
                raise Failed("macro_unavailable") from None
        as_new_file(tmp)
        _place(tmp, path, force=force)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return path


def _place(tmp: Path, path: Path, *, force: bool) -> None:
    """Move the built file to `path`; without `force`, never replace an existing file."""
    if force:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)  # fails if path appeared meanwhile: no clobbering
    except FileExistsError:
        raise Failed("exists", path=path) from None
    except OSError:  # no hard links on this filesystem
        if path.exists():
            raise Failed("exists", path=path) from None
        os.replace(tmp, path)
