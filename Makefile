# Kernel learning of a Lennard-Jones potential: set-up, tests and benchmarks.
# Needs only Python 3.11+ and make. Every target checks the Python first, creates .venv on
# first use (again if its Python is broken, too old, or not the one in PYTHON=...) and
# reinstalls only when a requirements file or pyproject.toml changed.

MAKEFLAGS += --no-print-directory
PYTHON ?= python3
# yes when PYTHON was given (make PYTHON=python3.12 lab, or the environment): .venv must use it.
PYTHON_CHOSEN := $(if $(filter command% environment%,$(origin PYTHON)),yes,no)
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9]*.ipynb))

# What each stage of .venv installs: students (requirements.txt, what `make lab` needs),
# maintainers (+ requirements-dev.txt, what `make test` needs), integration
# (+ requirements-integration.txt, the browser and Binder tests).
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
INTEGRATION_STAMP := $(VENV)/.installed-integration

.PHONY: install venv dev integration lab test unit notebooks notebooks-perturbed lint format run bench \
	test-browser test-binder binder-url clean

install: venv

# Check the Python (one line and stop if it is missing or older than 3.11; recreate .venv
# if needed), then install what changed. The stamps are made by a second make, started
# after the check, because the check may have removed .venv.
venv dev integration:
	@sh tools/check_python.sh '$(PYTHON)' $(VENV) $(PYTHON_CHOSEN) $(firstword $(MAKECMDGOALS) install)
	@$(MAKE) -q $(STAMP_$@) || $(MAKE) $(STAMP_$@)

STAMP_venv = $(STAMP)
STAMP_dev = $(DEV_STAMP)
STAMP_integration = $(INTEGRATION_STAMP)

$(STAMP): requirements.txt pyproject.toml
	$(PIP) -r requirements.txt
	$(PIP) --no-deps -e .
	@touch $@

$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(PIP) -r requirements-dev.txt
	@touch $@

$(INTEGRATION_STAMP): $(DEV_STAMP) requirements-integration.txt
	$(PIP) -r requirements-integration.txt
	@touch $@

## lab: open JupyterLab on the notebooks
# JupyterLab refuses to run as root unless told; containers often run as root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: venv
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks $(ALLOW_ROOT)

## test: lint, unit tests and every notebook under nbval (the README's test command)
test: lint unit notebooks notebooks-perturbed

unit: dev
	$(BIN)/python -m pytest tests --ignore=tests/browser --ignore=tests/binder

notebooks: dev
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env $(NOTEBOOKS)

## notebooks-perturbed: nbval again, with every LJ energy and force the notebooks compute
## perturbed by up to 1e-13 (relative), the size of rounding differences between CPUs, BLAS
## kernels and thread counts: a pinned output that depends on the last bits of a solve fails
## here instead of on a student's laptop (the start-up file is in tests/perturbed/).
notebooks-perturbed: dev
	@ipython_dir=$$(mktemp -d) && mkdir -p $$ipython_dir/profile_default/startup && \
	cp tests/perturbed/ipython/profile_default/startup/*.py $$ipython_dir/profile_default/startup/ && \
	IPYTHONDIR=$$ipython_dir $(BIN)/python -m pytest --nbval-lax --nbval-current-env \
		-p no:cacheprovider $(NOTEBOOKS); status=$$?; rm -rf $$ipython_dir; exit $$status

lint: dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## run: re-execute every notebook in place, so stored outputs are current; then drop the
## per-cell execution timestamps, so a diff shows only what changed
run: venv
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.timeout=600 $(NOTEBOOKS)
	$(BIN)/python tools/strip_timings.py $(NOTEBOOKS)

## test-browser: Run All in real JupyterLab in headless Chromium; screenshots in artifacts/.
## Chromium: $CHROMIUM, else the usual places, else installed with apt-get if root;
## without one the browser tests are skipped, with the reason and how to install it.
test-browser: integration
	@$(BIN)/python tests/browser/find_chromium.py --install
	$(BIN)/python -m pytest -rs tests/browser

## test-binder: repo2docker reads environment.yml and postBuild (builds nothing)
test-binder: integration
	$(BIN)/python -m pytest tests/binder

## binder-url: the Binder link (JupyterLab on notebook 01) for this clone's GitHub origin
binder-url:
	@$(or $(wildcard $(BIN)/python),$(PYTHON)) tools/binder_url.py

## bench: timing and accuracy benchmarks
bench: venv
	$(BIN)/python benchmarks/learning_curve_speed.py
	$(BIN)/python benchmarks/accuracy.py --seeds 20 --seed-offset 1000
	$(BIN)/python benchmarks/cluster_kernel_speed.py
	$(BIN)/python benchmarks/calculator_speed.py

clean:
	rm -rf $(VENV) artifacts .pytest_cache .ruff_cache

# ---------------------------------------------------------------------------------------
# Website and student copy (issue 23; owned by the site's maintainers). Sources in docs/,
# outputs in build/ (git-ignored). Sphinx + myst-nb + sphinx-book-theme, pinned in
# requirements-dev.txt (pyproject.toml's `site` extra): no Node.js, nothing downloaded.
# ---------------------------------------------------------------------------------------
SITE_SRC := build/site-src
SITE_DIR := build/site
STUDENT_DIR := build/student-copy

.PHONY: site test-site student-copy test-student-copy

## site: the website (landing page, one page per notebook, teacher's guide, API reference)
## built from the STORED notebook outputs, nothing executed; open build/site/index.html
site: dev
	'$(BIN)/python' docs/prepare.py '$(SITE_SRC)'
	'$(BIN)/python' -m sphinx -b html -W --keep-going -q '$(SITE_SRC)' '$(SITE_DIR)'
	@echo 'site: open $(SITE_DIR)/index.html'

## test-site: build the site from this checkout, serve it on 127.0.0.1 and read it in
## headless Chromium (figures, folded answers, internal links, API names, search);
## a screenshot per page in artifacts/site/. Chromium is found or installed as for test-browser.
test-site: integration
	@'$(BIN)/python' tests/browser/find_chromium.py --install
	SITE_TEST=1 '$(BIN)/python' -m pytest -rs tests/site

## student-copy: the notebooks without their folded answers and %load solution lines, for
## graded use, in build/student-copy/notebooks (git-ignored; the solution files stay out)
student-copy: venv
	'$(BIN)/python' tools/student_copy.py '$(STUDENT_DIR)'

## test-student-copy: the copy holds no answer, and EVERY notebook of it runs top to bottom
## (about 100 s of CPU; `make test` runs the same checks but executes notebook 01 only)
test-student-copy: dev
	STUDENT_COPY_RUN=all '$(BIN)/python' -m pytest tests/test_student_copy.py
