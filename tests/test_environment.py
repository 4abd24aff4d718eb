"""The install routes (pip, conda/Binder) agree, and students get no maintainers' tools.

requirements.txt (pip, ``make lab``) and environment.yml (conda, Binder) are the students'
lock; requirements-dev.txt adds the maintainers' tools for ``make test``;
requirements-integration.txt the browser and Binder tests. pyproject.toml carries the
version ranges the pins must fall in.
"""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^\s*-?\s*([A-Za-z0-9_.\-\[\]]+)==([^\s#]+)")
STUDENT = {
    "numpy",
    "scipy",
    "scikit-learn",
    "pandas",
    "matplotlib",
    "jupyterlab",
    "ipykernel",
    "ipywidgets",
    "ase",
}
MAINTAINER_TOOLS = {"nbval", "pytest", "ruff"}
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def pins(path):
    found = {}
    for line in (ROOT / path).read_text().splitlines():
        match = PIN.match(line)
        if match:
            found[match.group(1).lower()] = match.group(2)
    return found


def ranges(requirements):
    return {Requirement(r).name.lower(): Requirement(r).specifier for r in requirements}


@pytest.mark.parametrize(
    "path", ["requirements.txt", "requirements-dev.txt", "requirements-integration.txt"]
)
def test_every_requirement_is_pinned_exactly(path):
    lines = [
        line.strip()
        for line in (ROOT / path).read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert lines
    includes = [line for line in lines if line.startswith("-r ")]
    assert all("==" in line for line in lines if line not in includes), lines
    assert len(pins(path)) == len(lines) - len(includes), "a package is listed twice"


def test_students_get_the_notebooks_packages_and_no_maintainers_tools():
    assert set(pins("requirements.txt")) == STUDENT


def test_ase_is_pinned_for_notebook_09_in_both_routes():
    assert pins("requirements.txt")["ase"] == "3.29.0"
    assert pins("environment.yml")["ase"] == "3.29.0"


def test_environment_yml_pins_the_same_packages_as_requirements_txt():
    assert pins("environment.yml") == pins("requirements.txt")


def test_requirements_dev_adds_the_maintainers_tools_to_the_students_packages():
    text = (ROOT / "requirements-dev.txt").read_text()
    assert re.search(r"^-r requirements\.txt$", text, re.MULTILINE)
    dev = pins("requirements-dev.txt")
    assert MAINTAINER_TOOLS <= set(dev)
    assert not set(dev) & STUDENT, "a student package is pinned twice"


def test_integration_tools_reach_neither_students_nor_make_test():
    integration = set(pins("requirements-integration.txt"))
    assert integration
    assert not integration & set(pins("requirements-dev.txt"))
    assert not integration & set(pins("environment.yml"))


@pytest.mark.parametrize(
    ("declared", "lock"),
    [(PYPROJECT["dependencies"], "requirements.txt"),
     (PYPROJECT["optional-dependencies"]["dev"], "requirements-dev.txt")],
    ids=["dependencies", "dev-extra"],
)  # fmt: skip
def test_pyproject_ranges_admit_the_pins(declared, lock):
    allowed, pinned = ranges(declared), pins(lock)
    assert set(allowed) == set(pinned)
    for name, version in pinned.items():
        assert version in allowed[name], f"{name}=={version} is outside {allowed[name]}"


def test_environment_yml_pins_a_python_that_pyproject_allows():
    text = (ROOT / "environment.yml").read_text()
    python = re.search(r"^\s*-\s*python=(3\.\d+)\s*$", text, re.MULTILINE)
    assert python
    assert python.group(1) in SpecifierSet(PYPROJECT["requires-python"])
