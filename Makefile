# Kernel learning of a Lennard-Jones potential: set-up, tests and benchmarks.
# Needs only Python 3.11+ and make. Every target creates .venv on first use and
# reinstalls only when requirements.txt or pyproject.toml changed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9]*.ipynb))

INTEGRATION_STAMP := $(VENV)/.installed-integration

.PHONY: install lab test unit notebooks lint format run bench test-browser test-binder clean

install: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

## lab: open JupyterLab on the notebooks
# JupyterLab refuses to run as root unless told; containers often run as root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks $(ALLOW_ROOT)

## test: lint, unit tests and every notebook under nbval (the README's test command)
test: lint unit notebooks

unit: $(STAMP)
	$(BIN)/python -m pytest tests --ignore=tests/browser --ignore=tests/binder

notebooks: $(STAMP)
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env $(NOTEBOOKS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## run: re-execute every notebook in place, so stored outputs are current
run: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.timeout=600 $(NOTEBOOKS)

$(INTEGRATION_STAMP): $(STAMP) requirements-integration.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-integration.txt
	@touch $@

## test-browser: Run All in real JupyterLab in headless Chromium; screenshots in artifacts/
test-browser: $(INTEGRATION_STAMP)
	@test -x /usr/bin/chromium || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	$(BIN)/python -m pytest tests/browser

## test-binder: repo2docker reads environment.yml and postBuild (builds nothing)
test-binder: $(INTEGRATION_STAMP)
	$(BIN)/python -m pytest tests/binder

## bench: timing and accuracy benchmarks
bench: $(STAMP)
	$(BIN)/python benchmarks/learning_curve_speed.py
	$(BIN)/python benchmarks/accuracy.py --seeds 20 --seed-offset 1000
	$(BIN)/python benchmarks/cluster_kernel_speed.py
	$(BIN)/python benchmarks/calculator_speed.py

clean:
	rm -rf $(VENV) artifacts .pytest_cache .ruff_cache
