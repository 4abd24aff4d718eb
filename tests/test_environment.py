"""The install routes (pip, conda, Binder) use one complete lock, and students get no tools.

``make lock`` (tools/lock.py, ``uv pip compile``) writes three locks from pyproject.toml's
ranges: requirements.txt (students: ``make lab``; conda and Binder through
environment.yml's ``-r requirements.txt``), requirements-dev.txt (+ the ``dev`` extra,
``make test``) and requirements-integration.txt (+ the ``integration`` extra, the browser
and Binder tests). Every package, direct or transitive, is pinned with hashes.
"""

import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
LOCKS = ["requirements.txt", "requirements-dev.txt", "requirements-integration.txt"]
# What each lock must contain, declared in pyproject.toml.
DECLARED = {
    "requirements.txt": PYPROJECT["dependencies"],
    "requirements-dev.txt": PYPROJECT["dependencies"] + PYPROJECT["optional-dependencies"]["dev"],
    "requirements-integration.txt": PYPROJECT["dependencies"]
    + PYPROJECT["optional-dependencies"]["dev"]
    + PYPROJECT["optional-dependencies"]["integration"],
}
SELF = canonicalize_name(PYPROJECT["name"])


def entries(path):
    """The lock's requirements, one per package, with continuation lines joined."""
    text = re.sub(r"\\\n", " ", (ROOT / path).read_text())
    lines = [line.split(" #")[0].strip() for line in text.splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def pins(path):
    """{package: version} of a lock (environment markers ignored)."""
    found = {}
    for line in entries(path):
        requirement = Requirement(line.split(" --hash")[0])
        (specifier,) = requirement.specifier
        assert canonicalize_name(requirement.name) not in found, f"{path}: {line} twice"
        found[canonicalize_name(requirement.name)] = specifier.version
    return found


@pytest.mark.parametrize("path", LOCKS)
def test_every_package_is_pinned_exactly_with_hashes_and_no_includes(path):
    lines = entries(path)
    assert len(lines) > 50, "a full lock pins the transitive packages too"
    for line in lines:
        assert not line.startswith("-"), f"{path}: option or include {line!r}"
        requirement = Requirement(line.split(" --hash")[0])
        assert [s.operator for s in requirement.specifier] == ["=="], line
        assert re.search(r"--hash=sha256:[0-9a-f]{64}", line), f"{path}: no hash for {line}"


@pytest.mark.parametrize("path", LOCKS)
def test_each_lock_pins_what_pyproject_declares_within_its_ranges(path):
    locked = pins(path)
    for text in DECLARED[path]:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{path} lacks {name}"
        assert locked[name] in requirement.specifier, f"{name}=={locked[name]} not {text}"
    assert SELF not in locked, "the project itself is installed with pip install -e ."


@pytest.mark.parametrize(("smaller", "larger"), [LOCKS[:2], LOCKS[1:]])
def test_the_locks_agree_where_they_overlap(smaller, larger):
    small, large = pins(smaller), pins(larger)
    assert small.items() <= large.items(), {
        name: (version, large.get(name))
        for name, version in small.items()
        if large.get(name) != version
    }


def test_students_get_no_maintainers_or_integration_tools():
    # nbformat and nbclient are in the dev extra but also needed by JupyterLab's nbconvert.
    tools = {"pytest", "pytest-xdist", "nbval", "ruff", "uv", "playwright", "jupyter-repo2docker"}
    assert not tools & set(pins("requirements.txt"))
    assert tools <= set(pins("requirements-integration.txt"))


def test_environment_yml_installs_the_students_lock_on_the_locks_python():
    text = (ROOT / "environment.yml").read_text()
    pip_section = re.search(r"^\s*- pip:\n((?:\s+- .*\n)+)", text, re.MULTILINE)
    assert pip_section, "environment.yml needs a pip section"
    assert [line.strip() for line in pip_section.group(1).splitlines()] == ["- -r requirements.txt"]
    python = re.search(r"^\s*-\s*python=(3\.\d+)\s*$", text, re.MULTILINE)
    assert python
    assert python.group(1) in SpecifierSet(PYPROJECT["requires-python"])
    lock_tool = (ROOT / "tools" / "lock.py").read_text()
    assert f'PYTHON = "{python.group(1)}"' in lock_tool, "lock for the Python conda installs"


def test_the_makefile_installs_the_locks_and_only_the_project_without_dependencies():
    makefile = (ROOT / "Makefile").read_text()
    installs = re.findall(r"^\t\$\(PIP\) (.*)$", makefile, re.MULTILINE)
    assert installs == [f"-r {LOCKS[0]}", "--no-deps -e .", f"-r {LOCKS[1]}", f"-r {LOCKS[2]}"]
    assert "pip install --no-deps -e ." in (ROOT / "postBuild").read_text()


def installed_lock():
    """The lock this environment was installed from: the largest one it satisfies."""
    for path in reversed(LOCKS):
        names = pins(path)
        try:
            if all(metadata.version(name) == version for name, version in marked(path)):
                return path, names
        except metadata.PackageNotFoundError:
            continue
    return None, {}


def marked(path):
    """(package, version) of the lock's entries whose markers apply to this platform."""
    for line in entries(path):
        requirement = Requirement(line.split(" --hash")[0])
        if requirement.marker is None or requirement.marker.evaluate():
            (specifier,) = requirement.specifier
            yield canonicalize_name(requirement.name), specifier.version


@pytest.mark.skipif(sys.prefix == sys.base_prefix, reason="needs the project's .venv")
def test_the_lock_is_complete_every_dependency_of_a_locked_package_is_locked():
    """For this platform: each installed package's own requirements are all in the lock."""
    path, locked = installed_lock()
    assert path, "this .venv does not match any lock: run make dev"
    environment = default_environment()
    for name, _ in marked(path):
        for text in metadata.requires(name) or []:
            requirement = Requirement(text)
            if requirement.marker and not requirement.marker.evaluate({**environment, "extra": ""}):
                continue
            assert canonicalize_name(requirement.name) in locked, (
                f"{name} needs {requirement.name}, which {path} does not pin"
            )
