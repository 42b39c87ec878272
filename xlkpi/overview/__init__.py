"""`xlkpi overview`: a new workbook with every department side by side (collect, build)."""

from xlkpi.overview.build import write_overview
from xlkpi.overview.collect import BookStats, Overview, collect

__all__ = ["BookStats", "Overview", "collect", "write_overview"]
