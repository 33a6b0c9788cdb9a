# The two commands of the README's quick start are `make run` and `make test`.
# Both create .venv and install the project on first use; nothing else is needed
# beforehand but Python 3.11+ and git.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run check stats test lint schema clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

## The main job on the shipped data: a full check, then the compliance table.
run: $(STAMP)
	$(BIN)/yuqing check
	$(BIN)/yuqing stats

check: $(STAMP)
	$(BIN)/yuqing check

stats: $(STAMP)
	$(BIN)/yuqing stats

## The test suite.
test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check tools tests

schema: $(STAMP)
	$(BIN)/yuqing schema

clean:
	rm -rf $(VENV) site .pytest_cache
