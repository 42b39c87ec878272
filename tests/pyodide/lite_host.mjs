// xlwings Lite's side of a script run, in Node.js: Pyodide from the npm package, the wheels
// unpacked into its site-packages (nothing is fetched: any network request fails the run),
// and an in-memory workbook behind the two calls xlwings' remote engine makes to the
// add-in (`js.xlwings.getBookData` and `js.xlwings.runActions`, see xlwings/pro/_xlremote.py).
//
// usage: node lite_host.mjs JOB.json OUT.json
//   JOB: {wheels: [path], driver: path, book: <book data as the add-in sends it>,
//         udf_calls: [{func_name, args}], now: "2026-11-02T09:30:00"}
//   OUT: {book: <the book after the run>, writes: [[sheet, row, col]], alerts: [...],
//         actions: {func: count}, udf_results: [...], python: "3.x.y", pyodide: "..."}
import { loadPyodide, version as pyodideVersion } from "pyodide";
import { readFileSync, writeFileSync } from "node:fs";

const [jobPath, outPath] = process.argv.slice(2);
const job = JSON.parse(readFileSync(jobPath, "utf8"));

// Offline: Pyodide reads its own files from node_modules; anything else is a failure.
globalThis.fetch = async (url) => {
  throw new Error(`network access attempted: ${url}`);
};

// ---- the workbook, as Excel holds it --------------------------------------------------
const book = job.book;
const writes = [];
const alerts = [];
const actionCounts = {};

function sheetAt(position) {
  const sheet = book.sheets[position];
  if (!sheet) throw new Error(`no sheet at position ${position}`);
  return sheet;
}

// A value written through Office.js is read like typed input: '=' starts a formula, a
// leading apostrophe keeps the rest as text, a numeric string becomes a number.
function typedInput(value) {
  if (typeof value !== "string") return value === null ? "" : value;
  if (value.startsWith("'")) return value.slice(1);
  if (value.startsWith("=")) return { formula: value };
  const trimmed = value.trim();
  if (trimmed !== "" && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(trimmed)) {
    return Number(trimmed);
  }
  if (/^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?$/.test(trimmed)) {
    return { date: trimmed.replace(" ", "T") };
  }
  return value;
}

const callbacks = {
  setValues(action) {
    const sheet = sheetAt(action.sheet_position);
    action.values.forEach((row, i) => {
      row.forEach((value, j) => {
        const r = action.start_row + i;
        const c = action.start_column + j;
        while (sheet.values.length <= r) sheet.values.push([]);
        const cells = sheet.values[r];
        while (cells.length <= c) cells.push("");
        cells[c] = typedInput(value);
        writes.push([sheet.name, r, c]);
      });
    });
  },
  setNumberFormat(action) {
    const sheet = sheetAt(action.sheet_position);
    sheet.number_formats ??= [];
    sheet.number_formats.push([
      action.start_row,
      action.start_column,
      action.row_count,
      action.column_count,
      action.args[0],
    ]);
  },
  addSheet(action) {
    const [position, name] = action.args;
    if (book.sheets.some((s) => s.name === name)) throw new Error(`sheet ${name} exists`);
    book.sheets.splice(position, 0, { name, values: [[]], pictures: [], tables: [] });
  },
  alert(action) {
    const [prompt, title, buttons, mode] = action.args;
    alerts.push({ prompt, title, buttons, mode });
  },
};

globalThis.xlwings = {
  async getBookData() {
    return structuredClone(book);
  },
  async runActions(actions) {
    const list = actions.actions ?? actions.get?.("actions");
    for (const action of list) {
      const callback = callbacks[action.func];
      if (!callback) throw new Error(`action ${action.func} is not emulated`);
      actionCounts[action.func] = (actionCounts[action.func] ?? 0) + 1;
      callback(action);
    }
  },
};

// ---- Pyodide -----------------------------------------------------------------------------
const py = await loadPyodide({ stdout: (s) => process.stderr.write(s + "\n") });
for (const wheel of job.wheels) {
  py.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel");
}
py.globals.set("job_json", JSON.stringify({ udf_calls: job.udf_calls, now: job.now }));
let result;
try {
  const driver = readFileSync(job.driver, "utf8");
  result = JSON.parse(await py.runPythonAsync(driver));
} catch (error) {
  process.stderr.write(String(error.message ?? error).slice(-4000) + "\n");
  process.exit(3);
}
writeFileSync(
  outPath,
  JSON.stringify({
    ...result,
    book,
    writes,
    alerts,
    actions: actionCounts,
    pyodide: pyodideVersion,
  }),
);
