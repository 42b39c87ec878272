"""Run inside Pyodide by lite_host.mjs: what xlwings Lite does when HR clicks Calculate or
Excel recalculates a KPI_* cell, with the real xlwings package (its pure-Python wheel).

* The script: the add-in sends the workbook's data, xlwings builds `xw.Book(json=...)` (the
  "remote" engine), `custom_scripts_call` runs the @script function with the book injected,
  and the writes queued on the book are applied after the script returns (`book.flush()`).
* The functions: `custom_functions_call` with the arguments as Excel sends them (2-D arrays).

`XLWINGS_ON_SERVER` makes `from xlwings import script, func` resolve to the Office.js
decorators, as they do in Lite. xlwings' remote engine sits in its `pro` folder, which asks
for a license key; the add-in supplies its own, this test harness the noncommercial one. The clock and the user are fixed so the status cell and the
change log compare equal with the command line's run. The last expression is the JSON result lite_host.mjs reads.
"""

import datetime as dt
import importlib.util
import json
import os
import sys
import types

os.environ["XLWINGS_ON_SERVER"] = "true"
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
os.environ["LOGNAME"] = "hr-test"  # who ran Calculate, in the change log: as the CLI run's

import js  # noqa: E402
import xlwings as xw  # noqa: E402
from pyodide.ffi import to_js  # noqa: E402
from xlwings.server import custom_functions_call, custom_scripts_call  # noqa: E402

import xlkpi.lite  # noqa: E402
import xlkpi.workbook.calculate as _calc  # noqa: E402

job = json.loads(job_json)  # noqa: F821 - set by lite_host.mjs
FIXED_NOW = dt.datetime.fromisoformat(job["now"])


class _Clock(dt.datetime):
    @classmethod
    def now(cls, tz=None):
        return FIXED_NOW


_calc.dt = types.SimpleNamespace(datetime=_Clock)

main_py = os.path.join(os.path.dirname(xlkpi.lite.__file__), "main.py")
spec = importlib.util.spec_from_file_location("main", main_py)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)


async def _run():
    options = to_js({"lazy": False}, dict_converter=js.Object.fromEntries)
    data = (await js.xlwings.getBookData(options)).to_py()
    book = xw.Book(json=data)
    book = await custom_scripts_call(module, "calculate", typehint_to_value={xw.Book: book})
    await book.flush()

    results = []
    for call in job["udf_calls"]:
        request = {
            "func_name": call["func_name"],
            "args": call["args"],
            "version": xw.__version__,
            "client": "Office.js",
            "culture_info_name": "zh-CN",
            "date_format": "yyyy/m/d",
            "caller_address": "Sheet1!A1",
            "runtime": "1.4",  # the CustomFunctionsRuntime requirement set Excel reports
        }
        results.append(await custom_functions_call(request, module))
    return {
        "python": sys.version.split()[0],
        "platform": sys.platform,
        "xlwings": xw.__version__,
        "engine": book.app.engine.name,
        "udf_results": results,
        "xlkpi_modules": sorted(m for m in sys.modules if m.split(".")[0] == "xlkpi"),
    }


json.dumps(await _run())  # noqa: F704 - runPythonAsync allows top-level await
