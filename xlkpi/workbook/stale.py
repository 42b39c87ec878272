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
from xlkpi.workbook.contract.reader import ContractReader


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
    contract = ContractReader(book)
    blocks = []
    settings = contract.sheet("settings")
    found = contract.settings([layout.SETTINGS_BY_KEY["status"]])
    if settings is not None and found:  # the status row Calculate writes (the last one)
        cell = found[-1][1]
        blocks.append(Block(settings, cell.row, cell.col, [[text]]))
    summary = contract.sheet("summary")
    if summary is not None:
        status = layout.SUMMARY_LABELS["status"]
        for r, cells in enumerate(contract.grid(summary)[: layout.HEADER_SEARCH_ROWS]):
            if cells and cells[0] is not None and status.matches(cells[0]):
                blocks.append(Block(summary, r, 1, [[text]]))
                break
    return blocks
