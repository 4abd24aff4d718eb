# Kernel learning of a Lennard-Jones potential: set-up, tests and benchmarks.
# Needs only Python 3.11+ and make. Every target checks the Python first, creates .venv on
# first use (again if its Python is broken, too old, or not the one in PYTHON=...) and
# reinstalls only when a requirements file or pyproject.toml changed.
#
# Safety rule for every recipe below: values a user can set (PYTHON, VENV, JOBS, TMPDIR, ...)
# reach the shell only through the environment, always double-quoted ("$$PYTHON"), and never
# as make text spliced into a command line, so a quote or a space in them cannot run code or
# split a path. Temporary folders are made by the tools with Python's tempfile, inside
# $TMPDIR, and removed by the same tool. tests/test_setup_tools.py checks all of this.

MAKEFLAGS += --no-print-directory
PYTHON ?= python3
# yes when PYTHON was given (make PYTHON=python3.12 lab, or the environment): .venv must use it.
PYTHON_CHOSEN := $(if $(filter command% environment%,$(origin PYTHON)),yes,no)
VENV ?= .venv
# pytest-xdist workers for make test, make notebooks and make audit (the machines are 2-core).
JOBS ?= 2
# The notebook checks: pytest arguments that execute every notebook once and compare every
# pinned output. make notebooks runs them once, make audit under rounding variations.
# tests/notebooks: each notebook executed once, pins and claims checked (tests/notebooks/conftest.py).
NOTEBOOK_CHECKS ?= tests/notebooks
# The notebooks make run executes (a space-separated list, like every make list).
NOTEBOOKS ?= $(sort $(wildcard notebooks/[0-9]*.ipynb))
HINT_GOAL := $(firstword $(MAKECMDGOALS) install)
export PYTHON PYTHON_CHOSEN VENV JOBS NOTEBOOK_CHECKS NOTEBOOKS HINT_GOAL

# What each stage of .venv installs: students (requirements.txt, what `make lab` needs),
# maintainers (+ requirements-dev.txt, what `make test` needs), integration
# (+ requirements-integration.txt, the browser and Binder tests).
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
INTEGRATION_STAMP := $(VENV)/.installed-integration
PIP = "$$VENV/bin/python" -m pip install --quiet --disable-pip-version-check

.PHONY: help install venv dev integration lab test unit notebooks audit lint format run bench \
	lock test-browser test-binder binder-url clean

## help: this list of targets, one line each
help:
	@sed -n 's/^## \([a-z-]*\): /\1\t/p' Makefile | expand -t 16

## install: create .venv with the students' packages (what make lab needs)
install: venv

# Check the Python (one line and stop if it is missing or older than 3.11; recreate .venv
# if needed), then install what changed. The stamps are made by a second make, started
# after the check, because the check may have removed .venv.
## venv: same as install
## dev: .venv plus the maintainers' tools (what make test needs)
## integration: .venv plus the browser and Binder test tools
venv dev integration:
	@sh tools/check_python.sh "$$PYTHON" "$$VENV" "$$PYTHON_CHOSEN" "$$HINT_GOAL"
	@$(MAKE) $(STAMP_$@)

STAMP_venv = students-stamp
STAMP_dev = dev-stamp
STAMP_integration = integration-stamp

.PHONY: students-stamp dev-stamp integration-stamp
students-stamp: $(STAMP) ; @:
dev-stamp: $(DEV_STAMP) ; @:
integration-stamp: $(INTEGRATION_STAMP) ; @:

$(STAMP): requirements.txt pyproject.toml
	$(PIP) -r requirements.txt
	$(PIP) --no-deps -e .
	@touch -- "$$VENV/.installed"

$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(PIP) -r requirements-dev.txt
	@touch -- "$$VENV/.installed-dev"

$(INTEGRATION_STAMP): $(DEV_STAMP) requirements-integration.txt
	$(PIP) -r requirements-integration.txt
	@touch -- "$$VENV/.installed-integration"

# JupyterLab refuses to run as root unless told; containers often run as root.
## lab: open JupyterLab on the notebooks
lab: venv
	@if [ "$$(id -u)" = 0 ]; then set -- --allow-root; fi; \
	"$$VENV/bin/jupyter" lab --ServerApp.root_dir=notebooks "$$@"

## test: lint, then one pytest run over tests/ on 2 workers (the README's test command)
test: lint
	"$$VENV/bin/python" -m pytest -n "$$JOBS" --dist loadfile tests \
		--ignore=tests/browser --ignore=tests/binder

## unit: the unit tests only, without executing notebooks (the fast loop)
unit: dev
	"$$VENV/bin/python" -m pytest -n "$$JOBS" --dist loadfile tests \
		--ignore=tests/browser --ignore=tests/binder --ignore=tests/notebooks

# NOTEBOOK_CHECKS is a list of pytest arguments defined above, so it is split into words
# on purpose; `set -f` keeps the shell from expanding wildcards in it.
## notebooks: execute every notebook once and check its pinned outputs
notebooks: dev
	@set -f; set -x; "$$VENV/bin/python" -m pytest -n "$$JOBS" --dist loadfile $$NOTEBOOK_CHECKS

## audit: the notebook checks under rounding variations (seeds, threads, no AVX-512)
audit: dev
	@set -f; set -x; "$$VENV/bin/python" tools/audit.py -- $$NOTEBOOK_CHECKS

## lint: ruff check and ruff format --check
lint: dev
	"$$VENV/bin/ruff" check .
	"$$VENV/bin/ruff" format --check .

## format: ruff autofix and format
format: dev
	"$$VENV/bin/ruff" check --fix .
	"$$VENV/bin/ruff" format .

# NOTEBOOKS is split into words on purpose (no wildcard expansion: set -f).
## run: re-execute every notebook in place, then drop the per-cell timestamps
run: venv
	@set -f; set -x; "$$VENV/bin/jupyter" nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.timeout=600 $$NOTEBOOKS
	@set -f; set -x; "$$VENV/bin/python" tools/strip_timings.py $$NOTEBOOKS

## lock: regenerate requirements*.txt (every package, with hashes) from pyproject.toml
lock: dev
	"$$VENV/bin/python" tools/lock.py

## test-browser: Run All in real JupyterLab in headless Chromium; screenshots in artifacts/
test-browser: integration
	@"$$VENV/bin/python" tools/find_chromium.py --install
	"$$VENV/bin/python" -m pytest -rs tests/browser

## test-binder: repo2docker reads the repository as Binder would (builds nothing)
test-binder: integration
	"$$VENV/bin/python" -m pytest tests/binder

## binder-url: the Binder link (JupyterLab on notebook 01) for this clone's GitHub origin
binder-url:
	@if [ -x "$$VENV/bin/python" ]; then python="$$VENV/bin/python"; else python="$$PYTHON"; fi; \
	"$$python" tools/binder_url.py

## bench: timing and accuracy benchmarks
bench: venv
	"$$VENV/bin/python" benchmarks/learning_curve_speed.py
	"$$VENV/bin/python" benchmarks/accuracy.py --seeds 20 --seed-offset 1000
	"$$VENV/bin/python" benchmarks/cluster_kernel_speed.py
	"$$VENV/bin/python" benchmarks/calculator_speed.py

## clean: remove .venv, artifacts/ and the caches
clean:
	rm -rf -- "$$VENV" artifacts .pytest_cache .ruff_cache

# ---------------------------------------------------------------------------------------
# Website and student copy. Sources in docs/, outputs in build/ (git-ignored). Sphinx +
# myst-nb + sphinx-book-theme, locked in requirements-dev.txt (pyproject.toml's `site`
# extra): no Node.js, nothing downloaded. Same safety rule as above: values reach the
# recipes through the environment, double-quoted.
# ---------------------------------------------------------------------------------------
SITE_SRC ?= build/site-src
SITE_DIR ?= build/site
STUDENT_DIR ?= build/student-copy
export SITE_SRC SITE_DIR STUDENT_DIR

.PHONY: site test-site student-copy test-student-copy

## site: the website from the STORED notebook outputs (nothing executed): build/site/index.html
site: dev
	"$$VENV/bin/python" docs/prepare.py "$$SITE_SRC"
	"$$VENV/bin/python" -m sphinx -b html -W --keep-going -q "$$SITE_SRC" "$$SITE_DIR"
	@printf 'site: open %s/index.html\n' "$$SITE_DIR"

## test-site: build the site, serve it on 127.0.0.1, read every page in headless Chromium
test-site: integration
	@"$$VENV/bin/python" tools/find_chromium.py --install
	SITE_TEST=1 "$$VENV/bin/python" -m pytest -rs tests/site

## student-copy: the notebooks without folded answers and %load lines, in build/student-copy
student-copy: venv
	"$$VENV/bin/python" tools/student_copy.py "$$STUDENT_DIR"

## test-student-copy: the copy holds no answer, and every notebook of it runs top to bottom
test-student-copy: dev
	STUDENT_COPY_RUN=all "$$VENV/bin/python" -m pytest tests/test_student_copy.py
