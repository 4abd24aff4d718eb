"""Stored notebooks carry no per-cell execution timestamps, so diffs show only real changes.

``make run`` re-executes the notebooks and then drops ``metadata.execution`` from every
cell (tools/strip_timings.py). The first test checks the stored notebooks, the second that
``make run`` itself leaves no timestamps behind.
"""

import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_cell_stores_execution_timestamps(path):
    nb = nbformat.read(path, as_version=4)
    timed = [i for i, cell in enumerate(nb.cells) if "execution" in cell.metadata]
    assert not timed, f"cells {timed} store metadata.execution: re-run with make run"


@pytest.mark.skipif(
    shutil.which("make") is None or not (ROOT / ".venv/bin/jupyter").exists(),
    reason="needs make and the project's .venv",
)
def test_make_run_leaves_no_timestamps_and_keeps_other_metadata(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("print(6 * 7)"), nbformat.v4.new_code_cell("1 + 1")]
    nb.cells[0].metadata = {"tags": ["solution"], "execution": {"shell.execute_reply": "old"}}
    path = tmp_path / "01_tiny.ipynb"
    nbformat.write(nb, path)

    subprocess.run(
        ["make", "-C", str(ROOT), "--no-print-directory", "run", f"NOTEBOOKS={path}"],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip

    ran = nbformat.read(path, as_version=4)
    assert ran.cells[0].outputs[0].text == "42\n", "make run did not execute the notebook"
    assert [cell.metadata for cell in ran.cells] == [{"tags": ["solution"]}, {}]
