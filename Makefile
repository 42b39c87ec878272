# The two commands of the README: `make demo` and `make test`; `make dist` builds the wheel.
# Both set up a virtual environment in .venv from the project's own files first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench clean templates mutants dist pyodide previews

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	mkdir -p out
	cp workbooks/demo-after-sales.xlsx out/demo-after-sales.xlsx
	$(BIN)/xlkpi calculate out/demo-after-sales.xlsx

# The built wheel in a clean venv outside the checkout: the main commands, then the whole
# suite against the installed package (.ci/test-installed), once on the oldest and once on
# the newest CPython the machine has within requires-python (.ci/test-pythons). For a quick
# run against the checkout while working: .venv/bin/python -m pytest tests/<area>.
# Lint and types come first.
test: lint dist
	.ci/test-pythons

# ruff (lint and format), then mypy over the whole package (pyproject's [tool.mypy] files)
lint: $(STAMP)
	$(BIN)/ruff check xlkpi tests bench
	$(BIN)/ruff format --check xlkpi tests bench
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/bench_writer.py
	$(BIN)/python bench/bench_engine.py
	$(BIN)/python bench/bench_calculate.py
	$(BIN)/python bench/bench_import.py
	$(BIN)/python bench/bench_scorecards.py

mutants: $(STAMP)
	$(BIN)/python tests/mutants.py

templates: $(STAMP)
	$(BIN)/python -m xlkpi.authoring.build

# The wheel and the sdist in dist/, checked by twine.
dist: $(STAMP)
	rm -rf dist
	$(BIN)/python -m build --outdir dist .
	$(BIN)/twine check --strict dist/*

# What the xlwings Lite test (tests/pyodide) runs on: Pyodide from npm (pinned in
# tests/pyodide/package-lock.json) and the pure-Python wheel of the pinned xlwings.
XLWINGS_PIN = $(shell sed -n 's/^excel = \["xlwings==\([0-9.]*\)".*/\1/p' pyproject.toml)
pyodide: $(STAMP)
	cd tests/pyodide && npm ci --no-audit --no-fund --silent
	$(BIN)/pip download --quiet --no-deps --only-binary=:all: --platform any \
		--python-version 3.14 -d tests/pyodide/wheels "xlwings==$(XLWINGS_PIN)"

# docs/preview-*.png: pages as LibreOffice prints them (needs soffice and pdftoppm)
previews: $(STAMP)
	$(BIN)/python -m xlkpi.authoring.preview

clean:
	rm -rf $(VENV) out .pytest_cache
