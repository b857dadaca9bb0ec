# One command sets up and runs each job; each creates the virtual environment it needs.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev

.PHONY: demo example test lint typecheck unit unit-postgres browsers messages bench docs screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The translations (docs/welsh.md): each gettext catalogue compiled from its .po whenever the .po
# changes, with GNU gettext's msgfmt (`apt-get install gettext` if missing; --check refuses a
# translation whose placeholders differ from the English). The .mo files are built, not committed.
PO := $(wildcard src/hustings/locale/*/LC_MESSAGES/django.po)
MO := $(PO:.po=.mo)
messages: $(MO)
%.mo: %.po
	@command -v msgfmt >/dev/null || \
	  (DEBIAN_FRONTEND=noninteractive $(APT_GET) update -q && DEBIAN_FRONTEND=noninteractive $(APT_GET) install -y -q gettext)
	msgfmt --check -o $@ $<

## demo: the web application on SQLite with a demo party, its logins printed, on http://127.0.0.1:8000
demo: $(STAMP) messages
	$(BIN)/hustings demo

## example: count a bundled real election and print its round table
example: $(STAMP)
	$(BIN)/hustings example

## test: lint, type-check the whole package, run every test (on SQLite, browsers included), then the database, security and browser tests on PostgreSQL
test: lint typecheck unit unit-postgres

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/lint-imports  # the layers and no-cycle contracts of pyproject.toml [tool.importlinter]
	@# No function above cyclomatic complexity 20 (radon's rank D and worse), migrations aside.
	@over=$$($(BIN)/radon cc -s -n D --exclude '*/migrations/*' src/hustings); \
	  if [ -n "$$over" ]; then echo "$$over"; echo "these functions are above complexity 20"; exit 1; fi

typecheck: $(STAMP)
	$(BIN)/mypy --strict src/hustings

unit: $(STAMP) browsers messages
	$(BIN)/pytest -n auto

# Browser tests drive Debian's Chromium (packages chromium and chromium-driver); install them if missing.
APT_GET := $(if $(filter 0,$(shell id -u)),,sudo) apt-get
browsers:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  (DEBIAN_FRONTEND=noninteractive $(APT_GET) update -q && \
	   DEBIAN_FRONTEND=noninteractive $(APT_GET) install -y -q chromium chromium-driver)

# The web and services tests again on PostgreSQL (trust auth on 127.0.0.1; the suite makes its own test database).
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
unit-postgres: $(STAMP) browsers messages
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest -n 2 tests/web tests/services tests/demo tests/security tests/browser

## bench: every benchmark in turn, then a table of goals met (installs the peers first; BENCH_ARGS=--quick for small sizes)
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python benchmarks/all.py --postgres $(POSTGRES_URL) $(BENCH_ARGS)

## screenshots: the member's and officers' pages at 390 and 1280 px into docs/screenshots/, shown in docs/web.md (a fresh demo, Chromium; not part of test)
screenshots: $(STAMP) browsers messages
	$(BIN)/python tools/screenshots.py

## docs: regenerate the module index of docs/architecture.md from the modules' docstrings (no install needed)
docs:
	$(PYTHON) tools/module_index.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
