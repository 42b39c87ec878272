"""What every subcommand shares: the run context, opening a workbook, exit codes."""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from xlkpi.core.label import LANGS
from xlkpi.io.errors import MissingWorkbook, WorkbookError

from .messages import locale_lang, stage_label, t
from .progress import Progress

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_INPUT = 2
EXIT_INTERRUPTED = 130


class Failed(Exception):
    """A user-caused failure with a message in both languages; exit code 2."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def render(self, lang: str) -> str:
        """The message in `lang`."""
        return t(self.key, lang, **self.values)


@dataclass
class Context:
    """The streams, the language in use and the debug switch of one run."""

    lang: str
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    debug: bool = False
    progress_delay: float = 0.5
    #: workbook -> SHA-256 of its bytes when a writing command took its lock (None: it
    #: did not exist yet), so an interrupted run can tell whether it had saved already.
    writing: dict[str, str | None] = field(default_factory=dict)

    def saved_before_interrupt(self) -> list[str]:
        """The workbooks this run's writing commands have already replaced."""
        from xlkpi.io.atomic import file_digest

        changed = []
        for path, digest in self.writing.items():
            try:
                now = file_digest(path) if os.path.exists(path) else None
            except OSError:
                continue
            if now != digest:
                changed.append(path)
        return changed

    def progress(self, title: str) -> Progress:
        """A progress line on stderr for a long step called `title`."""
        return Progress(
            self.err,
            title,
            stage_label=stage_label(self.lang),
            done_label=t("stage_done", self.lang),
            delay=self.progress_delay,
        )

    def say(self, text: str = "") -> None:
        """Print a line of the command's output on stdout."""
        print(text, file=self.out)

    def warn(self, text: str) -> None:
        """Print a line for the person on stderr (progress, warnings)."""
        print(text, file=self.err)


def stages(progress: Progress):  # noqa: ANN201 - returns the callback
    """Adapt `progress` to `workbook.calculate`'s callback, called *before* stage `done`
    of `total`: shown as stage done+1 of total."""

    def report(stage: str, done: int, total: int) -> None:
        progress(stage, done + 1, total)

    return report


def initial_lang(args: argparse.Namespace, environ: dict[str, str] | None = None) -> str:
    """`--lang` when given, else the locale. The workbook's language, read later, wins."""
    lang = getattr(args, "lang", None)
    return lang if lang in LANGS else locale_lang(environ)


def existing_file(path: str | os.PathLike[str]) -> Path:
    """`path` as a Path, or Failed when it is missing or a folder."""
    p = Path(path)
    if not p.exists():
        raise MissingWorkbook(f"file not found: {p}", f"找不到文件：{p}", path=p)
    if not p.is_file():
        raise Failed("not_a_file", path=p)
    return p


def open_book(path: str | os.PathLike[str], ctx: Context, *, backup: bool = True):  # noqa: ANN201
    """The workbook as an XlsxBook; switches `ctx.lang` to the workbook's language.

    Raises:
        WorkbookError: missing, unreadable or not a workbook.
    """
    from xlkpi.importing.target import workbook_lang
    from xlkpi.io.reader import XlsxBook

    p = existing_file(path)
    book = XlsxBook(p, backup=backup)
    lang = workbook_lang(book)
    if lang in LANGS:
        ctx.lang = lang
    return book


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for one command (the CLI only: a library
    never changes process-wide state, and xlkpi also runs inside Excel and Pyodide).

    Reading, assessing and writing a big workbook allocate millions of small objects and
    keep them; each collection re-walks all of them, which was a third to a half of a
    50,000-row run. Nothing xlkpi builds forms reference cycles, and reference counting
    still frees everything as usual."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@contextlib.contextmanager
def writing(path: str | os.PathLike[str], ctx: Context) -> Iterator[None]:
    """Hold the workbook's lock (xlkpi.io.lock) for a command that writes it: a second run
    on the same workbook waits, then refuses; remembers the bytes it starts from."""
    from xlkpi.io.atomic import file_digest
    from xlkpi.io.lock import workbook_lock

    key = os.path.abspath(path)
    with workbook_lock(path):
        ctx.writing[key] = file_digest(key) if os.path.exists(key) else None
        yield


def run_on_book(
    path: str | os.PathLike[str],
    ctx: Context,
    command: str,
    step: Callable[..., Any],
    *,
    backup: bool = True,
    **options: Any,
) -> Any:
    """Open the workbook (`open_book`), run `step` (`workbook.calculate`'s `calculate` or
    `check`) on it under a progress display titled 'xlkpi <command>', and re-raise any bug
    the step caught (`raise_internal`). Returns the step's outcome."""
    lock = writing(path, ctx) if options.get("write") else contextlib.nullcontext()
    with lock:
        book = open_book(path, ctx, backup=backup)
        with ctx.progress(f"xlkpi {command}") as progress:
            outcome = step(book, progress=stages(progress), **options)
    mention_kept_problems(book.last_report, ctx)
    raise_internal(outcome)
    return outcome


def mention_kept_problems(report: Any, ctx: Context) -> None:
    """Say once what was already wrong in the workbook and was left as it was by a write
    (`WriteReport.kept_problems`); such problems never block the write."""
    for en, zh in getattr(report, "kept_problems", None) or ():
        ctx.warn(t("kept_problem", ctx.lang, problem=zh if ctx.lang == "zh" else en))


class InternalError(Exception):
    """A bug caught inside a run (the run reported it as a problem and kept the workbook
    safe); the CLI reports it like any other internal error: exit code 1."""

    def __init__(self, original: BaseException) -> None:
        super().__init__(f"{type(original).__name__}: {original}")
        self.original = original


def raise_internal(outcome: object) -> None:
    """Re-raise the bug a `calculate`/`check` outcome caught, so the CLI exits with 1."""
    exc = getattr(outcome, "exception", None)
    if exc is not None:
        raise InternalError(exc) from exc


def render_workbook_error(exc: WorkbookError, lang: str) -> str:
    """The error with the file it concerns: 'book.xlsx: Roster!B4: …'."""
    text = exc.render(lang)
    if exc.path is not None:
        name = os.fspath(exc.path)
        if name not in text:
            sep = "：" if lang == "zh" else ": "
            return f"{name}{sep}{text}"
    return text
