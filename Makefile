# The two commands: `make run` serves the app, `make test` runs every test.
# Both set everything up themselves on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint install chromium migrate gettext translations check-messages

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

chromium:
	scripts/ensure-chromium

gettext:
	scripts/ensure-gettext

# The compiled catalogues (.mo) are built here, never committed.
translations: install gettext
	$(PY) manage.py compilemessages --ignore='.venv/*' --verbosity 0

# CI: the catalogues match the code and translate every message (see scripts/check-messages).
check-messages: install gettext
	scripts/check-messages

migrate: install
	$(PY) manage.py migrate --no-input

run: migrate translations
	$(PY) manage.py seed_demo
	HOST=$(HOST) PORT=$(PORT) scripts/run-dev

test: install chromium translations
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
