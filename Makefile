# The README's two commands: `make run` (set up, start the app) and `make test` (set up, run the tests).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CORPUS ?=

.PHONY: setup setup-dev system-deps run test lint ingest clean-store

setup: $(VENV)/.runtime

$(VENV)/.runtime: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e .
	touch $@

setup-dev: $(VENV)/.dev

$(VENV)/.dev: $(VENV)/.runtime
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

# `make run CORPUS=path/to/articles` ingests that folder first.
run: setup
ifneq ($(strip $(CORPUS)),)
	$(PY) -m ingest $(CORPUS)
endif
	$(PY) app.py

# Chromium, a CJK font and LibreOffice Writer: installed with apt-get where allowed, else named.
system-deps:
	bash tests/system-deps.sh

test: setup-dev system-deps
	$(PY) -m pytest $(PYTEST_ARGS)

lint: setup-dev
	$(VENV)/bin/ruff check .

ingest: setup
	$(PY) -m ingest $(CORPUS)
