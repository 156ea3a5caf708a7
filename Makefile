# Beacon's two commands: `make run` (demo on SQLite) and `make test` (the whole suite).
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# axe-core for the accessibility tests, from the npm registry, served from disk.
AXE_VERSION := 4.10.3
AXE := $(VENV)/npm/node_modules/axe-core/axe.min.js
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: install system-deps run test lint docs

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Beacon needs Python 3.11 or newer; try: make $(MAKECMDGOALS) PYTHON=python3.12" >&2; exit 1; }
	PYTHON=$(PYTHON) bin/install-system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

system-deps:
	bin/install-system-deps

run: install system-deps
	$(BIN)/flask --app wsgi db upgrade
	$(BIN)/flask --app wsgi seed-demo
	bin/serve $(HOST) $(PORT)

$(AXE):
	@command -v npm >/dev/null || { echo "npm is missing: the accessibility tests will skip (apt-get install npm)" >&2; exit 0; }
	npm install --silent --no-save --no-audit --no-fund --prefix $(VENV)/npm axe-core@$(AXE_VERSION)

test: install
	bin/install-system-deps --tests
	$(MAKE) --no-print-directory $(AXE)
	$(BIN)/lint-imports --no-cache
	$(BIN)/mkdocs build --strict --quiet --site-dir $(VENV)/site
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

docs: install
	$(BIN)/mkdocs build --strict --quiet --site-dir $(VENV)/site
