"""Errors the IO layer raises: every failure a user can cause, in English and Chinese.

Each error names the workbook file and, where it has one, the sheet and cell, so the CLI and
the Issues sheet can say exactly where the problem is:

    Scores!F4: cannot write here: the cell is just right of table 'ScoresTbl' (A3:E13) ...
"""

from __future__ import annotations

import os
from typing import Any, TypeVar

from xlkpi.core.problems import Problem, Severity, Source


class WorkbookError(Exception):
    """A problem with a workbook file that the user can fix (never a programming error).

    Attributes:
        message_en, message_zh: the message without the place prefix.
        sheet, cell: where it happened ("Scores", "F4"), or None.
        path: the workbook file, or None.
        code: a stable identifier, e.g. "io.refused.table_header".
    """

    code = "io.workbook"

    def __init__(
        self,
        message_en: str,
        message_zh: str,
        *,
        sheet: str | None = None,
        cell: str | None = None,
        path: str | os.PathLike[str] | None = None,
    ) -> None:
        self.message_en = message_en
        self.message_zh = message_zh
        self.sheet = sheet
        self.cell = cell
        self.path = path
        super().__init__(self.render("en"))

    @property
    def place(self) -> str:
        """'Sheet!A1', 'Sheet', or '' when the error has no place in a sheet."""
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or ""

    def render(self, lang: str = "en") -> str:
        """The message in `lang` ("en" or "zh"), prefixed with the place."""
        text = self.message_zh if lang == "zh" else self.message_en
        return f"{self.place}: {text}" if self.place else text

    def __str__(self) -> str:
        return self.render("en")

    def to_problem(self) -> Problem:
        """The same error as a core Problem, for the Issues sheet and the CLI report."""
        file = os.fspath(self.path) if self.path is not None else None
        return Problem(
            Severity.ERROR,
            self.code,
            self.message_en,
            self.message_zh,
            (Source(sheet=self.sheet, cell=self.cell, file=file),),
        )


def no_worksheet(sheet: str, path: str | os.PathLike[str] | None = None) -> WorkbookError:
    """The error for a worksheet the workbook does not have."""
    return WorkbookError(
        f"the workbook has no worksheet named '{sheet}'",
        f"工作簿中没有名为“{sheet}”的工作表",
        sheet=sheet,
        path=path,
    )


class MissingWorkbook(WorkbookError):
    """The file does not exist or cannot be read."""

    code = "io.missing"


class UnsupportedFormat(WorkbookError):
    """.xls, .xlsb, Strict Open XML, or a file that is not a workbook at all."""

    code = "io.unsupported_format"


class EncryptedWorkbook(UnsupportedFormat):
    """A password-protected (encrypted) workbook: an OLE file holding EncryptionInfo."""

    code = "io.encrypted"


class UnsafeWorkbook(WorkbookError):
    """A package that breaks the safety limits (zip bomb, DTD, odd member names)."""

    code = "io.unsafe"


class CorruptWorkbook(WorkbookError):
    """A package whose parts are missing or malformed."""

    code = "io.corrupt"


class RefusedWrite(WorkbookError):
    """A write that would damage the workbook (table header, shared formula, merged cell...).

    `others` holds further refusals found in the same call, so all can be reported at once.
    """

    code = "io.refused"

    def __init__(self, message_en: str, message_zh: str, *, reason: str = "", **kw: Any) -> None:
        super().__init__(message_en, message_zh, **kw)
        self.reason = reason
        self.others: tuple[RefusedWrite, ...] = ()
        if reason:
            self.code = f"io.refused.{reason}"

    @property
    def all(self) -> tuple[RefusedWrite, ...]:
        """This refusal followed by the others."""
        return (self, *self.others)

    def render(self, lang: str = "en") -> str:
        """The first refusal's message, saying how many more there are."""
        text = super().render(lang)
        more = len(getattr(self, "others", ()))
        if more:
            text += f" (and {more} more)" if lang != "zh" else f"（另有 {more} 处）"
        return text


class FileLocked(WorkbookError):
    """The file is open in Excel (or otherwise not writable) and cannot be replaced now."""

    code = "io.locked"


class SaveFailed(WorkbookError):
    """Writing or verifying the new file failed; the original was left untouched."""

    code = "io.save_failed"


_E = TypeVar("_E", bound=WorkbookError)


def about_file(kind: type[_E], path: str, en: str, zh: str) -> _E:
    """A `kind` error about the file at `path`, whose messages name it where `en` and
    `zh` say {name}."""
    name = os.path.basename(path)
    return kind(en.format(name=name), zh.format(name=name), path=path)
