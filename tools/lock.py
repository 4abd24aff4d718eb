"""Regenerate the locks from pyproject.toml's ranges (``make lock``).

Three files, each pinning every package it installs, direct and transitive, with the
hashes of every wheel and source archive, for Linux, macOS and Windows and every Python
from 3.11 (``uv pip compile --universal``):

``requirements.txt``
    the students' packages (``[project] dependencies``): ``make lab``, conda and Binder
    (``environment.yml`` installs this file);
``requirements-dev.txt``
    the same plus the ``dev`` extra (``make test``, ``make lock``);
``requirements-integration.txt``
    the same plus the ``integration`` extra (``make test-browser``, ``make test-binder``).

Each file is constrained by the one before it, so a package has the same version in all
three. ``--fork-strategy fewest`` gives every package one version for every platform and
Python, so the series computes with the same NumPy and SciPy everywhere.

Existing pins are kept unless a range no longer admits them; to move to newer releases,
pass uv's own options, e.g. ``python tools/lock.py --upgrade`` or
``python tools/lock.py --upgrade-package numpy``, then run ``make test`` and ``make audit``.
"""

import subprocess
import sys
from pathlib import Path

from uv import find_uv_bin

ROOT = Path(__file__).resolve().parents[1]
PYTHON = "3.11"  # the oldest Python pyproject.toml allows; environment.yml pins the same
LOCKS = (
    ("requirements.txt", [], None),
    ("requirements-dev.txt", ["--extra", "dev"], "requirements.txt"),
    ("requirements-integration.txt", ["--extra", "dev", "--extra", "integration"],
     "requirements-dev.txt"),
)  # fmt: skip


def command(output, extras, constraint, extra_args=()):
    """The uv command line that writes one lock file (run from the repository root)."""
    args = [
        find_uv_bin(), "pip", "compile", "pyproject.toml", *extras,
        "--universal", "--fork-strategy", "fewest", "--python-version", PYTHON,
        "--generate-hashes", "--no-emit-package", "lj-kernel-learning",
        "--custom-compile-command", "make lock", "--quiet", "--output-file", output,
    ]  # fmt: skip
    if constraint:
        args += ["--constraint", constraint]
    return [*args, *extra_args]


def main(argv=None):
    extra_args = sys.argv[1:] if argv is None else argv
    for output, extras, constraint in LOCKS:
        print(f"locking {output}")
        subprocess.run(command(output, extras, constraint, extra_args), cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
