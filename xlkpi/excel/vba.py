"""The VBA project embedded in the .xlsm templates: xlwings' standalone modules plus a
`Calculate` macro that runs xlkpi in the workbook.

The xlwings modules are not kept in this repository. They are read, when the project is
built, from the quickstart workbook that the installed xlwings ships and that
`xlwings quickstart NAME --standalone` copies (``xlwings/quickstart_standalone.xlsm``).
From it we keep `ThisWorkbook`, `Sheet1` (document modules), `xlwings` (RunPython and the
configuration reader) and `Dictionary` (used by `xlwings` on macOS), with the project's
references; we drop its sample `Module1` and `Sheet2` and add the `xlkpi` module below.

The standalone `xlwings` module loads the xlwings DLL of the *same* xlwings version on
Windows, so a template built with xlwings X.Y.Z needs xlwings X.Y.Z on the user's machine
(`built_with_xlwings()` says which).

Usage by the templates builder::

    from xlkpi.excel.vba import MACRO_NAME, vba_project_bytes
    workbook.add_vba_project(io.BytesIO(vba_project_bytes()), is_stream=True)
    worksheet.insert_button(row, col, {"macro": MACRO_NAME, "caption": "计算"})
"""

from __future__ import annotations

import functools
import zipfile
from pathlib import Path

from xlkpi.excel.ovba import ModuleKind, VbaModule, VbaProject, read_project, write_project

#: the macro a button calls (a Sub in the `xlkpi` module)
MACRO_NAME = "Calculate"
#: the Python function the macro runs
ENTRY_POINT = "xlkpi.excel.desktop.calculate"
#: the macro the Send button calls, and the Python function it runs (`xlkpi send`)
SEND_MACRO_NAME = "Send"
SEND_ENTRY_POINT = "xlkpi.excel.desktop.send"
#: the VBA module holding MACRO_NAME
MODULE_NAME = "xlkpi"

#: the modules kept from xlwings' standalone quickstart project, in order
XLWINGS_MODULES = ("ThisWorkbook", "Sheet1", "xlwings", "Dictionary")

# A fixed project id and obfuscation seed make the output byte-for-byte reproducible.
PROJECT_ID = "{8D6C8FB8-F7B0-4AAB-9054-05337B6787E8}"
_SEED = 0x5A

_QUICKSTART = "quickstart_standalone.xlsm"


class VbaBuildError(RuntimeError):
    """The VBA project cannot be built here (xlwings missing or not as expected)."""


def xlkpi_module_source() -> str:
    """The VBA source of the `xlkpi` module (CRLF line ends, as VBA stores them)."""
    module, _, func = ENTRY_POINT.rpartition(".")
    send_module, _, send_func = SEND_ENTRY_POINT.rpartition(".")
    lines = [
        f'Attribute VB_Name = "{MODULE_NAME}"',
        "Option Explicit",
        "",
        "' Runs xlkpi on this workbook: reads the sheets, scores everyone, writes the",
        "' results, the Summary and the Issues sheet. Needs Python with xlkpi[excel]",
        "' (see docs/excel.md).",
        f"Sub {MACRO_NAME}()",
        f'    RunPython "import {module}; {module}.{func}()"',
        "End Sub",
        "",
        "' Sends each person their scorecard and each manager their team's pack (the",
        "' first time a dry run into an outbox folder; see docs/send.md).",
        f"Sub {SEND_MACRO_NAME}()",
        f'    RunPython "import {send_module}; {send_module}.{send_func}()"',
        "End Sub",
    ]
    return "\r\n".join(lines) + "\r\n"


def quickstart_workbook() -> Path:
    """The standalone quickstart workbook of the installed xlwings.

    Raises:
        VbaBuildError: xlwings is not installed or does not ship the file.
    """
    try:
        import xlwings
    except ImportError as exc:
        raise VbaBuildError(
            "building the VBA project needs xlwings: pip install 'xlkpi[excel]'"
        ) from exc
    path = Path(xlwings.__file__).parent / _QUICKSTART
    if not path.is_file():
        raise VbaBuildError(f"xlwings {xlwings.__version__} has no {_QUICKSTART}")
    return path


def built_with_xlwings() -> str:
    """The version of the xlwings whose VBA modules `vba_project_bytes()` embeds."""
    import xlwings

    quickstart_workbook()
    return str(xlwings.__version__)


def _xlwings_project() -> VbaProject:
    with zipfile.ZipFile(quickstart_workbook()) as zf:
        data = zf.read("xl/vbaProject.bin")
    try:
        return read_project(data)
    except ImportError as exc:  # olefile reads the compound file
        raise VbaBuildError(
            "building the VBA project needs olefile: pip install 'xlkpi[excel]'"
        ) from exc


@functools.cache
def vba_project_bytes() -> bytes:
    """The vbaProject.bin for the .xlsm templates (same bytes for the same xlwings).

    Raises:
        VbaBuildError: xlwings is missing or its quickstart project lacks a module we need.
    """
    source = _xlwings_project()
    by_name = {m.name: m for m in source.modules}
    missing = [name for name in XLWINGS_MODULES if name not in by_name]
    if missing:
        raise VbaBuildError(f"xlwings' quickstart project has no module(s) {missing}")
    modules = [by_name[name] for name in XLWINGS_MODULES]
    modules.append(VbaModule(MODULE_NAME, ModuleKind.STANDARD, xlkpi_module_source()))
    project = VbaProject(
        information=source.information,
        references=source.references,
        codepage=source.codepage,
        modules=tuple(modules),
        name=source.name,
    )
    return write_project(project, project_id=PROJECT_ID, seed=_SEED)
