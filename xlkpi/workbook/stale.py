"""Marking a workbook's results as not current after its inputs change.

Calculate stamps "results are current" into the Summary sheet and the Settings status cell.
Anything that writes an input afterwards (`xlkpi import`, and any later input writer) adds
`not_current_blocks` to its write, so neither place goes on claiming results that no longer
match the inputs. The next Calculate writes both again.
"""

from __future__ import annotations

import datetime as dt

from xlkpi.io.cells import Block, BookReader
from xlkpi.workbook import layout

_SEARCH_COLS = 3  # settings labels sit in the first columns (as workbook.read looks for them)


def not_current_blocks(book: BookReader, lang: str, now: dt.datetime | None = None) -> list[Block]:
    """Blocks that set the Settings status cell and the Summary status to "not current".

    Args:
        book: the workbook about to receive new inputs.
        lang: "zh" or "en", the workbook's language.
        now: the time of the change (default: now).
    Returns:
        up to two one-cell blocks; none for a workbook without those places.
    """
    text = layout.STATUS_TEXT["inputs_changed"](lang).format(
        time=(now or dt.datetime.now()).strftime("%Y-%m-%d %H:%M")
    )
    names = book.sheet_names()
    blocks = []
    settings = layout.find_sheet("settings", names)
    if settings is not None:
        status = layout.SETTINGS_BY_KEY["status"].label
        place = _label_cell(book.read_grid(settings), status.matches, _SEARCH_COLS)
        if place is not None:
            blocks.append(Block(settings, place[0], place[1] + 1, [[text]]))
    summary = layout.find_sheet("summary", names)
    if summary is not None:
        status = layout.SUMMARY_LABELS["status"]
        place = _label_cell(book.read_grid(summary)[: layout.HEADER_SEARCH_ROWS], status.matches, 1)
        if place is not None:
            blocks.append(Block(summary, place[0], place[1] + 1, [[text]]))
    return blocks


def _label_cell(grid, matches, cols: int) -> tuple[int, int] | None:  # noqa: ANN001
    for r, row in enumerate(grid):
        for c in range(min(cols, len(row))):
            if row[c] is not None and matches(row[c]):
                return r, c
    return None
