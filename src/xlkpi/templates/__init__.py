"""The shipped templates, built with XlsxWriter from the catalog and the workbook layout.

    from xlkpi.templates import TEMPLATES, build_workbook
    build_workbook("call-centre-agent", "zh", "2026-10.xlsx")

`python -m xlkpi.templates.build` rebuilds templates/ and workbooks/ (see docs/templates.md).
"""

from xlkpi.templates.builder import MacroUnavailable, build_workbook
from xlkpi.templates.registry import TEMPLATES
from xlkpi.templates.spec import TemplateSpec

__all__ = ["TEMPLATES", "MacroUnavailable", "TemplateSpec", "build_workbook"]
