# Two commands set up everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA ?= ../shared/data
export ALLEGIANCE_HOME ?= $(CURDIR)/.allegiance

.PHONY: install demo test lint bench docs clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install -qq --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/allegiance init
	$(BIN)/allegiance ingest demo/reports
	$(BIN)/allegiance stats
	@echo "Serving the demo knowledge base; stop with Ctrl-C."
	$(BIN)/allegiance serve --host 127.0.0.1 --port 8000

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

docs: $(STAMP)
	$(BIN)/python -m allegiance.cli.reference > docs/cli.md

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py --data $(DATA) --out docs/benchmarks.md

clean:
	rm -rf $(VENV) .allegiance .pytest_cache .mypy_cache .ruff_cache
