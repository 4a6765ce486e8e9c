# warta — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test bench browser eval clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dask,parquet]'
	touch $(STAMP)

install: $(STAMP)  ## create .venv and install warta with its test tools

run: $(STAMP)  ## extract the bundled corpus into output/ and write output/review.html
	$(BIN)/warta run --out output
	$(BIN)/warta review output/awards.jsonl -o output/review.html

test: $(STAMP)  ## run the whole test suite, the review page in headless Chromium included
	VENV=$(VENV) sh scripts/install-browser.sh
	$(BIN)/python -m pytest -q -n auto  # one test process per core (pytest-xdist)

browser: $(STAMP)  ## install Debian's chromium, run the browser tests, refresh docs/review.png and docs/report.png
	VENV=$(VENV) sh scripts/install-browser.sh
	WARTA_SCREENSHOT=docs/review.png WARTA_REPORT_SCREENSHOT=docs/report.png $(BIN)/python -m pytest -q tests/browser

bench: $(STAMP)  ## throughput: bare tokenisation vs full extraction, crawl rate, extraction quality
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/events_bench.py --records 100000

eval: $(STAMP)  ## accuracy on the bundled corpus and on ../shared/dev-articles
	$(BIN)/warta eval --gold corpus
	test ! -d ../shared/dev-articles || $(BIN)/warta eval --gold ../shared/dev-articles

clean:
	rm -rf $(VENV) output/*.jsonl build *.egg-info
