# jixiao — two commands: `make run` and `make test` (both set up .venv first).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test lint bench docs golden clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# `jixiao check` exits 1 when it finds an error; the bundled sample has one (form 4's total), so
# status 1 is the expected result of the main job. Status 2 (unreadable input) still fails.
run: setup
	$(BIN)/jixiao check src/jixiao/examples/ || [ $$? -eq 1 ]

test: setup
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check src tests benchmarks scripts

bench: setup
	$(BIN)/python benchmarks/bench_core.py
	$(BIN)/python benchmarks/bench_office.py
	$(BIN)/python benchmarks/bench_pdf.py
	$(BIN)/python benchmarks/bench_export.py
	$(BIN)/python benchmarks/bench_layouts.py

docs: setup
	$(BIN)/python -m jixiao.checks.docgen docs/rules

golden: setup
	$(BIN)/python scripts/regen_golden.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache
