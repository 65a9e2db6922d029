# The two commands that set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint types pytest docs bench clean mutants survivors test-compiled

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python examples/demo.py

test: lint types pytest docs

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks examples docs
	$(BIN)/ruff format --check src tests benchmarks examples docs

types: $(STAMP)
	$(BIN)/mypy --strict src

pytest: $(STAMP)
	$(BIN)/pytest

docs: $(STAMP)
	$(BIN)/sphinx-build -q -W --keep-going -b html docs docs/_build/html
	$(BIN)/sphinx-build -q -W --keep-going -b doctest docs docs/_build/doctest

# The optional compiled build (mypyc; docs/performance.md): built from a copy of the tree into a scratch
# directory, then the fold, lifecycle, timing, wire and golden tests run against it (CI runs this too).
test-compiled: $(STAMP)
	$(BIN)/python scripts/compiled.py check

COMPILED := benchmarks/_data/compiled
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python scripts/compiled.py build $(COMPILED)
	$(BIN)/python benchmarks/run.py --compiled $(COMPILED)
	$(BIN)/python benchmarks/bench_replay.py --compiled $(COMPILED) --postgres
	$(BIN)/python benchmarks/bench_store.py
	$(BIN)/python benchmarks/bench_audit.py
	$(BIN)/python benchmarks/bench_audit_files.py
	$(BIN)/python benchmarks/bench_rollup.py
	$(BIN)/python benchmarks/bench_cli.py
	$(BIN)/python benchmarks/bench_import.py

# Mutation testing of the core (not part of `make test`: minutes per module). MUTANTS picks modules
# (fold formats deadlines calendar ledger lifecycle timing codec rules wire), JOBS how many mutants run at once.
MUTANTS ?=
JOBS ?= 1
mutants: $(STAMP)
	$(BIN)/python -m pip install --quiet 'mutmut>=3.8,<4'
	$(BIN)/python scripts/mutants.py $(MUTANTS) --jobs $(JOBS)

# issue 16's original survivors put back one at a time: each must fail its fixed tests, twice (seconds)
survivors: $(STAMP)
	$(BIN)/python scripts/survivors.py

clean:
	rm -rf $(VENV) docs/_build out build .pytest_cache .mypy_cache .hypothesis
