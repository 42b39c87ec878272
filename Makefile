# The two commands of the README: `make demo` and `make test`.
# Both set up a virtual environment in .venv from the project's own files first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench clean templates previews

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	mkdir -p out
	cp workbooks/demo-after-sales.xlsx out/demo-after-sales.xlsx
	$(BIN)/xlkpi calculate out/demo-after-sales.xlsx

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check xlkpi tests bench
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/bench_writer.py
	$(BIN)/python bench/bench_engine.py
	$(BIN)/python bench/bench_calculate.py

templates: $(STAMP)
	$(BIN)/python -m xlkpi.authoring.build

# docs/preview-*.png: pages as LibreOffice prints them (needs soffice and pdftoppm)
previews: $(STAMP)
	$(BIN)/python -m xlkpi.authoring.preview

clean:
	rm -rf $(VENV) out .pytest_cache
