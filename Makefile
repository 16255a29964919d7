# `make site` and `make test` work on a fresh machine: each sets up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site ingest build test bench serve clean venv eval-entities

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/site-builder ingest
	$(BIN)/site-builder build

ingest: $(STAMP)
	$(BIN)/site-builder ingest

build: $(STAMP)
	$(BIN)/site-builder build

test: $(STAMP)
	$(BIN)/python -m pytest

eval-entities: $(STAMP)
	$(BIN)/python scripts/eval_entities.py

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

serve: site
	cd public && ../$(BIN)/python -m http.server 8000 --bind 127.0.0.1

clean:
	rm -rf public .pytest_cache .hypothesis
