# The README's two commands: `make audit` and `make test`. Both install what they need first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: audit test lint bench clean

audit: $(VENV)/.installed  ## install, then audit the bundled seeds/ (offline)
	$(BIN)/auditor scan seeds/

test: $(VENV)/.installed-test  ## install with test extras, then run the whole test suite
	$(BIN)/python -m pytest

lint: $(VENV)/.installed  ## type-check (mypy --strict) and lint (ruff)
	$(BIN)/python -m pip install --quiet -e '.[lint]'
	$(BIN)/mypy
	$(BIN)/ruff check auditor tests

bench: $(VENV)/.installed  ## print scan and resolve throughput figures (resolve: beside lychee and linkchecker)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/bench_scan.py
	$(BIN)/python benchmarks/bench_resolve.py

$(VENV)/.installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
