# Set-up and everyday commands. Each target creates .venv when it is missing
# and reinstalls when pyproject.toml changes.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: demo docs docs-check browser test lint bench clean dist-check sdist-test test-oldest

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

$(VENV)/.installed-release: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[release]"
	touch $@

# The comparison table on stdout, progress on stderr, demo_output/loss_curves.png.
demo: $(VENV)/.installed-demo
	$(PY) -m sk_hillclimb

# HTML in docs/_build/html; runs every gallery example; any warning fails.
docs: $(VENV)/.installed-docs
	$(PY) -m sphinx -W --keep-going -b html docs docs/_build/html

# Every page of the built site in headless Chromium at 1400 and 400 px, offline
# (docs/check_site.py), after the check's own tests (tests/docs_check: tiny
# sites, each with one breakage it must report); screenshots in
# docs/_build/check. Playwright from PyPI drives the system's Chromium,
# installed here from Debian when missing. Where no browser can be had the
# check says SKIPPED and passes.
docs-check: docs $(VENV)/.installed-docs-check browser
	$(PY) docs/check_site.py --skip-without-browser --self-test

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

# About 15 minutes; writes benchmarks/results/ and, from them, docs/benchmarks.rst.
bench: $(VENV)/.installed-bench
	$(PY) benchmarks/run.py

# The release files: builds the sdist and the wheel into dist/, checks their
# metadata (twine) and contents (tools/check_dist.py), installs the wheel
# into a fresh venv with its runtime dependencies only and runs the README's
# quick start there, from a directory outside the repository.
DIST ?= dist
DIST_VENV ?= .venv-dist
dist-check: $(VENV)/.installed-release
	rm -rf $(DIST) $(DIST_VENV)
	$(PY) -m build --quiet --outdir $(DIST) .
	$(PY) -m twine check --strict $(DIST)/*
	$(PY) tools/check_dist.py $(DIST)
	$(PYTHON) -m venv $(DIST_VENV)
	$(DIST_VENV)/bin/python -m pip install --quiet --disable-pip-version-check $(DIST)/*.whl
	$(DIST_VENV)/bin/python -m pip list --disable-pip-version-check
	cd "$$(mktemp -d)" && "$(CURDIR)/$(DIST_VENV)/bin/python" \
		"$(CURDIR)/tools/run_readme.py" --installed "$(CURDIR)/README.md"

# The sdist's own test suite: unpacks dist/*.tar.gz (run dist-check first),
# installs it with the test extra into a venv of its own and runs pytest in
# the unpacked tree.
SDIST_TEST ?= $(DIST)/sdist-test
sdist-test:
	rm -rf $(SDIST_TEST)
	mkdir -p $(SDIST_TEST)
	tar -xzf $(DIST)/*.tar.gz -C $(SDIST_TEST)
	cd $(SDIST_TEST)/*/ && $(PYTHON) -m venv .venv \
		&& .venv/bin/python -m pip install --quiet --disable-pip-version-check ".[test]" \
		&& .venv/bin/python -m pytest -p no:cacheprovider

# The suite against the oldest supported versions: the minimums that
# pyproject.toml declares for numpy, scipy and scikit-learn, pinned exactly
# (tools/oldest_pins.py), in a venv of its own.
OLDEST_VENV ?= .venv-oldest
$(OLDEST_VENV)/.installed: pyproject.toml tools/oldest_pins.py
	rm -rf $(OLDEST_VENV)
	$(PYTHON) -m venv $(OLDEST_VENV)
	$(PYTHON) tools/oldest_pins.py > $(OLDEST_VENV)/constraints.txt
	$(OLDEST_VENV)/bin/python -m pip install --quiet --disable-pip-version-check \
		-c $(OLDEST_VENV)/constraints.txt -e ".[test]"
	touch $@

test-oldest: $(OLDEST_VENV)/.installed
	$(OLDEST_VENV)/bin/python tools/oldest_pins.py --check
	$(OLDEST_VENV)/bin/python -m pytest -p no:cacheprovider

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) $(DIST_VENV) $(OLDEST_VENV) $(DIST)
	rm -rf build *.egg-info .pytest_cache .ruff_cache
	rm -rf docs/_build docs/auto_examples docs/generated docs/sg_execution_times.rst
