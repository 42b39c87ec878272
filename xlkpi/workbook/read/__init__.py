"""Reading an assessment workbook: grids in, an Assessment plus problems and places out.

`read_assessment(book)` finds every sheet and table through the one contract reader
(`xlkpi.workbook.contract`), parses each cell with `xlkpi.workbook.values`, and never stops
at the first problem: every bad cell becomes a Problem naming its sheet and cell. The
`Where` it returns records where each employee row and each result column is, so
`xlkpi.workbook.results` can write results next to the inputs.

One module per concept: settings, positions, indicators, people (roster, grades,
adjustments), data_sheets (rows of each position's sheet) and entries (the input columns,
read in one pass with a fast path for numbers); places holds what is found, context what
the parts share, assessment puts them in order.
"""

from xlkpi.workbook.read.assessment import read_assessment
from xlkpi.workbook.read.places import DataSheetPlace, ReadOutcome, TablePlace, Where

__all__ = ["DataSheetPlace", "ReadOutcome", "TablePlace", "Where", "read_assessment"]
