"""Period roll-up of calculated workbooks: quarters from months, a year from quarters
(`xlkpi rollup`). Reading and writing live here; the combining rules are the money
core's (`xlkpi.core.money.combine`, `year_end`)."""

from xlkpi.rollup.build import RollupResult, Row, place_text, rollup, write_rollup

__all__ = ["RollupResult", "Row", "place_text", "rollup", "write_rollup"]
