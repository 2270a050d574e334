# The two commands a facilitator needs: `make serve` and `make test`. Everything else is here too.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8866
WORKSPACE ?= workspace

.PHONY: install fonts build workspace serve workshop open check test lint bench chromium clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed fonts  ## create .venv and install the course with its test tools

fonts: $(VENV)/.installed  ## Noto fonts for the downloads (emoji, Arabic, Urdu...): apt as root, else unpacked into .venv
	@bash deploy/fonts.sh $(PY) $(VENV)/share/mystory/fonts

build: install  ## regenerate exercises/ and solutions/ from course/source
	$(VENV)/bin/mystory build

workspace: install  ## copy exercises/ into the learner workspace (saved answers are kept)
	$(VENV)/bin/mystory workspace --workspace $(WORKSPACE)

serve: install  ## start the course at http://localhost:$(PORT)/
	$(VENV)/bin/mystory serve --workspace $(WORKSPACE) --port $(PORT)

workshop: install  ## JupyterHub for a room, no root: learners sign in on their phones
	$(VENV)/bin/mystory workshop --port $(or $(HUB_PORT),8000)

open: install  ## open a module for the workshop's learners: make open MODULE=00-welcome
	$(VENV)/bin/mystory release $(MODULE) --course course --exchange .hub/workshop/exchange

chromium:  ## install Debian's Chromium for the browser tests (no browser download)
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium fonts-dejavu-core; }

lint: install  ## ruff, and mypy on the package
	$(VENV)/bin/ruff check src tests benchmarks deploy docs
	$(VENV)/bin/mypy

check: lint  ## the fast tier: lint and the unit tests (no browser, nbgrader, server or hub)
	$(PY) -m pytest -q -m "not browser and not nbgrader and not hub and not server"

test: install chromium lint  ## the whole test suite, browser tests included
	$(PY) -m pytest

bench: install chromium  ## benchmarks; figures go to benchmarks/results/
	$(PY) benchmarks/run.py
	$(PY) benchmarks/grading.py
	$(PY) benchmarks/browser.py
	$(PY) benchmarks/page_weight.py
	$(PY) benchmarks/class_burst.py --learners 30 --scenario bio
	$(PY) benchmarks/class_burst.py --learners 20 --scenario module0
	@if [ "$$(id -u)" = 0 ]; then $(PY) benchmarks/hub.py --learners 20; \
	 else echo "benchmarks/hub.py skipped: it makes Unix accounts, so it needs root"; fi

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache course/release course/gradebook.db
