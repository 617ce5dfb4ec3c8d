# The operator contract (docs: README.md): `make run` and `make test` work from a fresh clone.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
CHROMIUM := /usr/bin/chromium

.PHONY: setup run test test-unit test-postgres test-e2e chromium translations bench lint-translations

setup: $(VENV)/.installed static/vendor/htmx.min.js translations

$(VENV)/.installed: pyproject.toml requirements.lock
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev,test]'
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

static/vendor/htmx.min.js: node_modules/.package-lock.json
	mkdir -p static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d translations --statistics

run: setup
	APP_ENV=development $(FLASK) db upgrade
	APP_ENV=development $(FLASK) demo seed
	APP_ENV=development $(BIN)/python -m app.devtools.run

chromium:
	@test -x $(CHROMIUM) || (apt-get update -q && apt-get install -y -q chromium)

test: setup chromium
	$(MAKE) test-unit
	@if $(BIN)/python -c "import socket; socket.create_connection(('127.0.0.1', 5432), 2)" 2>/dev/null; then \
		$(MAKE) test-postgres; \
	else echo "PostgreSQL is not answering on 127.0.0.1:5432: the PostgreSQL run is left out"; fi
	$(MAKE) test-e2e

test-unit:
	APP_ENV=testing $(BIN)/pytest -q -m "not e2e" tests

test-postgres:
	APP_ENV=testing TEST_DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest -q -m "not e2e" tests

test-e2e:
	APP_ENV=testing $(BIN)/pytest -q e2e

bench: setup
	$(BIN)/python scripts/bench_search.py
	$(BIN)/python scripts/bench_search.py --database-url $(PG_TEST_URL)
