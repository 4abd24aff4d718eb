"""The two installation routes (pip and conda/Binder) install the same packages."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^\s*-?\s*([A-Za-z0-9_.\-\[\]]+)==([^\s#]+)")


def pins(path):
    found = {}
    for line in (ROOT / path).read_text().splitlines():
        match = PIN.match(line)
        if match:
            found[match.group(1).lower()] = match.group(2)
    return found


def test_every_requirement_is_pinned_exactly():
    lines = [
        line.strip()
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert lines
    assert all("==" in line for line in lines), lines


def test_environment_yml_pins_the_same_packages_as_requirements_txt():
    assert pins("environment.yml") == pins("requirements.txt")


def test_environment_yml_pins_python():
    text = (ROOT / "environment.yml").read_text()
    assert re.search(r"^\s*-\s*python=3\.1[12]\s*$", text, re.MULTILINE)
