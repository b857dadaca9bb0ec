# One command sets up and runs each job; each creates the virtual environment it needs.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev

.PHONY: demo test lint typecheck unit unit-postgres bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## demo: count a bundled real election and print its round table
demo: $(STAMP)
	$(BIN)/hustings example

## test: lint, type-check the counting core, run every test (on SQLite), then the database tests on PostgreSQL
test: lint typecheck unit unit-postgres

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy --strict src/hustings/count src/hustings/rules

unit: $(STAMP)
	$(BIN)/pytest -n auto

# The web and services tests again on PostgreSQL (trust auth on 127.0.0.1; the suite makes its own test database).
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
unit-postgres: $(STAMP)
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest tests/web tests/services

## bench: time Hustings against peer libraries (installs them first)
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
