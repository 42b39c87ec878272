"""The shipped templates, built with XlsxWriter from the catalog and the workbook layout.

    from xlkpi.authoring import TEMPLATES, build_workbook
    build_workbook("call-centre-agent", "zh", "2026-10.xlsx")

`python -m xlkpi.authoring.build` rebuilds templates/ and workbooks/ (see docs/templates.md).
"""

from xlkpi.authoring.builder import MacroUnavailable, build_workbook
from xlkpi.authoring.registry import TEMPLATES
from xlkpi.authoring.spec import TemplateSpec

__all__ = ["TEMPLATES", "MacroUnavailable", "TemplateSpec", "build_workbook"]
