# The README's two commands: `make audit` and `make test`. Both install what they need first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: audit test lint eval eval-real peer gazetteer bench browser screenshots clean compare

audit: $(VENV)/.installed  ## install, then audit the bundled seeds/ (offline)
	$(BIN)/auditor scan seeds/

test: $(VENV)/.installed-test browser  ## install with test extras (and Chromium), then run the whole test suite
	$(BIN)/python -m pytest

browser:  ## Debian's chromium and chromedriver for the HTML report's browser tests, when missing
	@if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing chromium and chromium-driver (Debian packages) for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	else echo "note: chromium/chromedriver missing and not installable here (needs root and apt-get); browser tests will skip"; fi

eval: $(VENV)/.installed  ## accuracy on the labelled corpus, then on the real pages when materialised (make eval-real)
	-$(BIN)/python -m tests.corpus.evaluate
	@if [ -d .cache/realpages ]; then \
	  echo; echo "real pages: embedded posts and short links"; $(BIN)/python -m tests.realpages.evaluate_embeds --quiet; \
	  echo; echo "real pages: outlets"; $(BIN)/python -m tests.realpages.evaluate --quiet; \
	  echo; echo "real pages: article links, chrome left out"; $(BIN)/python -m tests.realpages.evaluate_links --quiet; \
	else echo; echo "real pages not materialised: make eval-real MIRRORS=DIR (or without MIRRORS to clone)"; fi

MIRRORS ?=
eval-real: $(VENV)/.installed  ## outlets, embeds and short links on real publishers' pages (MIRRORS=folder of git mirrors, else clones the pinned commits)
	$(BIN)/python -m tests.realpages.materialise $(if $(MIRRORS),--mirrors $(MIRRORS),--clone)
	-$(BIN)/python -m tests.realpages.evaluate
	-$(BIN)/python -m tests.realpages.evaluate_embeds
	-$(BIN)/python -m tests.realpages.evaluate_links
	$(BIN)/python -m tests.realpages.evaluate_embeds --peer

compare: $(VENV)/.installed  ## own parts against htmldate, py3langid, dateparser and trafilatura on the real pages (docs/libraries.md)
	$(BIN)/python -m pip install --quiet -e '.[compare]'
	$(BIN)/python -m tests.realpages.compare_libraries

peer: $(VENV)/.installed  ## Tweet-Finder's own fixtures and the embedded-post counts its tests assert (MIRRORS=...)
	$(BIN)/python -m tests.realpages.materialise $(if $(MIRRORS),--mirrors $(MIRRORS),--clone)
	$(BIN)/python -m tests.realpages.evaluate_embeds --peer

gazetteer: $(VENV)/.installed  ## rebuild auditor/data/outlets.json from data/curated_outlets.json and the pinned open data (MIRRORS=...)
	$(BIN)/python scripts/build_gazetteer.py --mirrors $(MIRRORS)

lint: $(VENV)/.installed  ## type-check (mypy --strict) and lint (ruff)
	$(BIN)/python -m pip install --quiet -e '.[lint]'
	$(BIN)/mypy
	$(BIN)/ruff check auditor tests scripts benchmarks

bench: $(VENV)/.installed browser  ## print scan (synthetic and real pages), --jobs, start-up, memory at scale, hostile-input, fuzzing, resolve, load and HTML-report figures (see benchmarks/README.md)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/bench_scan.py
	$(BIN)/python benchmarks/bench_real.py
	$(BIN)/python benchmarks/bench_jobs.py
	$(BIN)/python benchmarks/bench_scale.py
	$(BIN)/python benchmarks/bench_hostile.py
	$(BIN)/python benchmarks/bench_fuzz.py
	$(BIN)/python benchmarks/bench_resolve.py
	$(BIN)/python benchmarks/bench_load.py
	$(BIN)/python benchmarks/bench_report.py

SHOT = chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir=$$(mktemp -d) --hide-scrollbars

screenshots: $(VENV)/.installed browser  ## the README's and docs' screenshots of the HTML report (seeds/; seeds/ and the test articles at 1400 and 390 px)
	$(BIN)/auditor scan seeds/ -f html -o reports/seeds.html -q
	$(SHOT) --window-size=1200,1500 --screenshot=docs/report.png file://$(CURDIR)/reports/seeds.html 2>/dev/null
	$(BIN)/auditor scan seeds/ tests/fixtures/articles/ -f html -o reports/screens.html -q
	$(SHOT) --window-size=1400,1800 --screenshot=docs/report-1400.png file://$(CURDIR)/reports/screens.html 2>/dev/null
	$(SHOT) --window-size=390,1800 --screenshot=docs/report-390.png file://$(CURDIR)/reports/screens.html 2>/dev/null

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
