# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## ingest seeds/ (and the default feeds) into warehouse/timeline.duckdb, print the timeline.
## Exit code 3 means "done, with failures recorded" (e.g. feeds unreachable offline): still print.
run: $(STAMP)
	$(BIN)/alliance-timeline ingest --seeds seeds/articles || [ $$? -eq 3 ]
	$(BIN)/alliance-timeline timeline

## install test dependencies and run the whole suite
test: $(STAMP)
	$(BIN)/python -m pytest

## benchmarks: print numbers, assert nothing (see bench/RESULTS.md)
bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) .prefect .pytest_cache warehouse/*.duckdb*
