# warta — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test bench browser eval clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)  ## create .venv and install warta with its test tools

run: $(STAMP)  ## extract the bundled corpus into output/
	$(BIN)/warta run --out output

test: $(STAMP)  ## run the whole test suite (browser tests too, when Chromium can be installed)
	$(BIN)/python -m pytest -q

bench: $(STAMP)  ## throughput: bare tokenisation vs full extraction, crawl rate, extraction quality
	$(BIN)/python bench/throughput.py

eval: $(STAMP)  ## accuracy on the bundled corpus and on ../shared/dev-articles
	$(BIN)/warta eval --gold corpus
	test ! -d ../shared/dev-articles || $(BIN)/warta eval --gold ../shared/dev-articles

clean:
	rm -rf $(VENV) output/*.jsonl build *.egg-info
