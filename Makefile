# Kernel learning of a Lennard-Jones potential: set-up, tests and benchmarks.
# Needs only Python 3.11+ and make. Every target creates .venv on first use and
# reinstalls only when requirements.txt or pyproject.toml changed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9]*.ipynb))

.PHONY: install lab test unit notebooks lint format run bench clean

install: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

## lab: open JupyterLab on the notebooks
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks

## test: lint, unit tests and every notebook under nbval (the README's test command)
test: lint unit notebooks

unit: $(STAMP)
	$(BIN)/python -m pytest tests

notebooks: $(STAMP)
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env -p no:randomly $(NOTEBOOKS)

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

## bench: timing and accuracy benchmarks
bench: $(STAMP)
	$(BIN)/python benchmarks/learning_curve_speed.py

clean:
	rm -rf $(VENV) artifacts .pytest_cache .ruff_cache
