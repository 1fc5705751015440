# Set-up and everyday commands. Each target creates .venv when it is missing
# and reinstalls when pyproject.toml changes.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: demo docs docs-check browser test lint bench clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-demo: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[demo]"
	touch $@

$(VENV)/.installed-docs: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[docs]"
	touch $@

$(VENV)/.installed-docs-check: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[docs,docs-check]"
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $@

$(VENV)/.installed-bench: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[bench]"
	touch $@

# The comparison table on stdout, progress on stderr, demo_output/loss_curves.png.
demo: $(VENV)/.installed-demo
	$(PY) -m sk_hillclimb

# HTML in docs/_build/html; runs every gallery example; any warning fails.
docs: $(VENV)/.installed-docs
	$(PY) -m sphinx -W --keep-going -b html docs docs/_build/html

# Every page of the built site in headless Chromium at 1400 and 400 px, offline
# (docs/check_site.py); screenshots in docs/_build/check. Playwright from PyPI
# drives the system's Chromium, installed here from Debian when missing. Where
# no browser can be had the check says SKIPPED and passes.
docs-check: docs $(VENV)/.installed-docs-check browser
	$(PY) docs/check_site.py --skip-without-browser

browser:
	@if command -v chromium >/dev/null || command -v chromium-browser >/dev/null \
		|| command -v google-chrome >/dev/null; then :; \
	elif ! command -v apt-get >/dev/null; then \
		echo "no chromium, and no apt-get to install it with"; \
	elif [ "$$(id -u)" != 0 ]; then \
		echo "no chromium: run 'sudo apt-get install chromium' (needs root)"; \
	else \
		echo "installing Debian's chromium for the docs check"; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq chromium >/dev/null; } \
		|| echo "could not install chromium with apt-get"; \
	fi

test: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

# About 15 minutes; writes benchmarks/results/ and docs/benchmarks.rst.
bench: $(VENV)/.installed-bench
	$(PY) benchmarks/run.py

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
	rm -rf docs/_build docs/auto_examples docs/generated docs/sg_execution_times.rst
