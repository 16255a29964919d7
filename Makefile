# `make site` and `make test` work on a fresh machine: each sets up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site ingest build test test-quick lint bench serve clean venv lock eval-entities audit-entities eval-search screenshots lighthouse

venv: $(STAMP)

# The versions in requirements-ci.txt (the lock file, `make lock`) constrain what is installed,
# so every checkout and CI run tests the same dependencies.
$(STAMP): pyproject.toml requirements-ci.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements-ci.txt -e '.[test]'
	touch $(STAMP)

# Writes requirements-ci.txt anew: the newest versions pyproject.toml allows, resolved in a
# scratch virtualenv. Commit the result after `make test` passes with it.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet '.[test]'
	{ echo "# The project's own CI and checkouts install these (make venv); written by make lock."; \
	  .lock-venv/bin/python -m pip freeze --all --exclude pip --exclude site-builder; } > requirements-ci.txt
	rm -rf .lock-venv

# A seed that fails does not stop the site: build what was ingested, then report
# ingest's failure in the exit status.
site: $(STAMP)
	@status=0; $(BIN)/site-builder ingest || status=$$?; \
	$(BIN)/site-builder build && exit $$status

ingest: $(STAMP)
	$(BIN)/site-builder ingest

build: $(STAMP)
	$(BIN)/site-builder build

test: $(STAMP)
	$(BIN)/python -m pytest

# The loop to run while working: all but the browser tests (tests/browser) and the scale
# tests (huge inputs, growth with size); `make test` runs those too. Two pytest processes side
# by side, each on a share of the test files balanced by their recorded times
# (scripts/test_quick.py; ARGS="--record" records them anew, ARGS="-x" goes to pytest).
test-quick: $(STAMP)
	$(BIN)/python scripts/test_quick.py $(ARGS)

# Lint (ruff, rules in pyproject.toml) over all Python files, and mypy --strict over the package.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy site_builder/

eval-entities: $(STAMP)
	$(BIN)/python scripts/eval_entities.py

# The entity pages with the most articles per type, scored against scripts/entity_audit_labels.tsv
# (needs ../shared/corpus; held-out half of the news articles unless ARGS="--side tune").
audit-entities: $(STAMP)
	$(BIN)/python scripts/audit_entities.py $(ARGS)

# Ranking quality of the file:// search beside Pagefind's (needs ../shared/corpus and Chromium).
eval-search: $(STAMP)
	$(BIN)/python benchmarks/offline_search.py quality

# ARGS="--scale 10000": a clean build of 10,000 articles beside Hugo + Pagefind (benchmarks/scale.py).
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(ARGS)

serve: $(STAMP)
	$(BIN)/site-builder serve

# axe-core (browser tests) and Lighthouse, pinned in package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Screenshots of the sample site into docs/screenshots/ (needs Chromium).
screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py

# Lighthouse scores of the sample site's home and article pages (needs Chromium).
lighthouse: $(STAMP) node_modules/.installed
	$(BIN)/python scripts/lighthouse.py

clean:
	rm -rf public .pytest_cache .hypothesis
