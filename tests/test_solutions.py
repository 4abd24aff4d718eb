"""Every exercise solution in notebooks/solutions/ runs cleanly on its own.

Students load a solution with ``%load solutions/NN_exercise_k.py``; each file is
self-contained, so it is run here as a script from the notebooks/ directory, with
warnings turned into errors and a non-interactive matplotlib backend.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"
SOLUTIONS = sorted((NOTEBOOK_DIR / "solutions").glob("[0-9][0-9]_exercise_*.py"))


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_solution_runs_without_error_or_warning(path):
    env = {**os.environ, "MPLBACKEND": "Agg"}
    result = subprocess.run(
        [sys.executable, "-W", "error", str(path)],
        cwd=NOTEBOOK_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip(), "a solution prints its answer"
    assert not result.stderr.strip(), result.stderr[-2000:]
