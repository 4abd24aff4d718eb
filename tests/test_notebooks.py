"""Every notebook is complete, was run top to bottom, and stores clean outputs.

tests/notebooks/ re-executes the notebooks (one test file per notebook); these tests check
what is stored, which is what a student sees before pressing Run All.
"""

import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))


def code_cells(nb):
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def markdown(nb):
    return "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.name)
def nb(request):
    return nbformat.read(request.param, as_version=4)


def test_notebooks_are_numbered_01_02_03_without_gaps():
    numbers = [int(p.name[:2]) for p in NOTEBOOKS]
    assert numbers == list(range(1, len(NOTEBOOKS) + 1)), [p.name for p in NOTEBOOKS]
    assert len(NOTEBOOKS) >= 9


CHECKS_DIR = Path(__file__).resolve().parent / "notebooks"
NOTEBOOK_NAME = re.compile(r'^NOTEBOOK = "([^"]+)"$', re.MULTILINE)


def test_every_notebook_has_one_checks_file_and_every_checks_file_a_notebook():
    # tests/notebooks/test_*.py runs its NOTEBOOK once and checks its pins and claims; after a
    # rename, update NOTEBOOK (and the file name) or the notebook goes unchecked.
    named = {
        path.name: NOTEBOOK_NAME.findall(path.read_text())
        for path in sorted(CHECKS_DIR.glob("test_*.py"))
    }
    assert all(len(names) == 1 for names in named.values()), named
    targets = sorted(names[0] for names in named.values())
    assert targets == sorted(p.name for p in NOTEBOOKS)
    for path, (target,) in named.items():
        assert path == f"test_{target.removesuffix('.ipynb')}.py", (path, target)


def test_every_notebook_link_points_to_an_existing_notebook(nb):
    for target in re.findall(r"\]\((\d\d_[\w]+\.ipynb)\)", markdown(nb)):
        assert (NOTEBOOK_DIR / target).exists(), target


def test_execution_counts_run_one_two_three(nb):
    counts = [cell.execution_count for cell in code_cells(nb)]
    assert counts == list(range(1, len(counts) + 1)), "re-run the notebook top to bottom (make run)"


def test_no_stored_errors(nb):
    for cell in code_cells(nb):
        for output in cell.outputs:
            assert output.output_type != "error", cell.source[:80]


def test_no_stored_warnings_or_stderr(nb):
    for cell in code_cells(nb):
        for output in cell.outputs:
            if output.output_type == "stream":
                assert output.name == "stdout", (cell.source[:80], output.text[:200])
            text = output.get("text", "") + str(output.get("data", {}).get("text/plain", ""))
            assert not re.search(r"\w+Warning\b", text), text[:200]


def test_opens_with_objectives_prerequisites_and_time(nb):
    first = nb.cells[0].source
    assert first.startswith("# ")
    assert "What you will learn" in first
    assert "Prerequisites" in first
    assert "Time" in first
    bullets = re.findall(r"^- ", first, re.MULTILINE)
    assert 3 <= len(bullets) <= 5


def test_closes_with_summary_and_pointer_to_next(nb):
    last = nb.cells[-1].source
    assert "## Summary" in last
    assert "Next" in last or "end of the series" in last


EXERCISE = re.compile(r"^\*\*Exercise (\d+)\.\*\*", re.MULTILINE)
SOLUTION_LINK = re.compile(r"%load (solutions/(\d\d)_exercise_(\d+)\.py)")


def test_exercises_have_a_student_cell_and_a_folded_solution(nb):
    cells = nb.cells
    numbers = []
    for i, cell in enumerate(cells):
        match = EXERCISE.search(cell.source) if cell.cell_type == "markdown" else None
        if not match:
            continue
        k = int(match.group(1))
        numbers.append(k)
        student, answer = cells[i + 1], cells[i + 2]
        assert student.cell_type == "code", f"exercise {k}: a code cell for the student follows"
        assert student.source.startswith(f"# Exercise {k}: your code here")
        assert answer.cell_type == "markdown", f"exercise {k}: a folded solution follows"
        assert answer.source.lstrip().startswith("<details>"), f"exercise {k}: fold the answer"
        assert f"<summary>Solution to exercise {k}</summary>" in answer.source
        assert answer.source.rstrip().endswith("</details>")
        links = SOLUTION_LINK.findall(answer.source)
        assert links, f"exercise {k}: point to its solution file"
        for path, _, number in links:
            assert int(number) == k
            assert (NOTEBOOK_DIR / path).is_file(), path
    assert len(numbers) >= 2
    assert numbers == list(range(1, len(numbers) + 1))


def test_no_solution_is_stored_in_a_code_cell(nb):
    # Solutions live in folded markdown and in notebooks/solutions/, so they stay hidden on
    # GitHub, nbviewer and in HTML exports too, not only in JupyterLab.
    for cell in code_cells(nb):
        assert "solution" not in cell.metadata.get("tags", [])
        assert not cell.metadata.get("jupyter", {}).get("source_hidden", False)


def test_solution_files_belong_to_an_exercise():
    linked = set()
    for path in NOTEBOOKS:
        text = markdown(nbformat.read(path, as_version=4))
        linked |= {p for p, _, _ in SOLUTION_LINK.findall(text)}
    on_disk = {f"solutions/{p.name}" for p in (NOTEBOOK_DIR / "solutions").glob("*.py")}
    assert on_disk == linked


def test_has_an_interactive_widget_with_a_static_figure(nb):
    widget_outputs = [
        o
        for c in code_cells(nb)
        for o in c.outputs
        if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]
    assert widget_outputs, "expected an ipywidgets control"
    assert any("image/png" in o.get("data", {}) for c in code_cells(nb) for o in c.outputs)


def test_key_results_are_pinned_for_nbval(nb):
    assert any(c.source.startswith("# NBVAL_CHECK_OUTPUT") for c in code_cells(nb))


def test_every_figure_has_axis_labels(nb):
    for cell in code_cells(nb):
        src = cell.source
        if "plt.subplots" in src and "plot_learning_curve" not in src:
            assert "xlabel" in src, src[:80]
            assert "ylabel" in src, src[:80]
