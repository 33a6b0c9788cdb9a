# The two commands of the README's quick start are `make run` and `make test`.
# Both create .venv and install the project on first use; nothing else is needed
# beforehand but Python 3.11+ and git.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run check stats build serve test lint schema bench clean

$(STAMP): pyproject.toml requirements/ci.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements/ci.txt -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

## The main job on the shipped data: a full check, the compliance table, then the site in site/.
run: $(STAMP)
	$(BIN)/yuqing check
	$(BIN)/yuqing stats
	$(BIN)/yuqing build --quiet

check: $(STAMP)
	$(BIN)/yuqing check

stats: $(STAMP)
	$(BIN)/yuqing stats

## The site: findings first, then site/ (built whatever the findings, unless a record is unreadable).
build: $(STAMP)
	$(BIN)/yuqing build

## The site on http://127.0.0.1:8000/, rebuilt when a record, a page or the schema changes.
serve: $(STAMP)
	$(BIN)/yuqing serve

## The test suite.
test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check tools tests

schema: $(STAMP)
	$(BIN)/yuqing schema

## Speed at scale against the parse floor, check-jsonschema and plain MkDocs (docs/performance.md);
## about 20 minutes on 2 cores. BENCH_ARGS=--quick: about 3 minutes.
bench: $(STAMP)
	$(BIN)/python bench/run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) site .pytest_cache
