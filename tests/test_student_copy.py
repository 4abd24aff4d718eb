"""The student copy (``make student-copy``) holds no answer and still runs top to bottom.

No answer: no line of a folded answer (a ``<details>`` block whose summary names a
solution), no ``%load`` of a solution file, and no line of any file in
``notebooks/solutions/`` except the set-up lines the exercise itself gives (lines that
also stand in the notebook's teaching cells or in the exercise's starter cell). The
checks are first shown to fail on the original notebooks, which do hold the answers.

Runs: notebook 01 of the copy (the quickest, with three exercises) is executed here with
nbclient; its exercise cells run with only their starter code. ``make
test-student-copy`` executes every notebook of the copy (``STUDENT_COPY_RUN=all``, about
100 s of CPU).
"""

import importlib.util
import os
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
SOLUTIONS = sorted((ROOT / "notebooks" / "solutions").glob("*.py"))
FOLDED_ANSWER = re.compile(
    r"<details[^>]*>\s*<summary>[^<]*(?:solution|answer).*?</details>", re.I | re.S
)
STARTER = re.compile(r"^# Exercise \d+: your code here")
RUN_ALL = os.environ.get("STUDENT_COPY_RUN") == "all"


def load_tool():
    spec = importlib.util.spec_from_file_location("student_copy", ROOT / "tools/student_copy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def copy_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    written = load_tool().write_copy(out)
    assert [p.name for p in written] == [p.name for p in NOTEBOOKS]
    return out / "notebooks"


def answer_lines(path):
    """Lines (three words or more) of the original's folded answers found nowhere else in it."""
    nb = nbformat.read(path, as_version=4)
    lines = set()
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for block in FOLDED_ANSWER.findall(cell.source):
                for line in block.splitlines():
                    line = re.sub(r"<[^>]+>", "", line).strip()
                    if len(line.split()) >= 3:
                        lines.add(line)
    rest = "\n".join(FOLDED_ANSWER.sub("", cell.source) for cell in nb.cells)
    return {line for line in lines if line not in rest}


def number(path):
    """The start of the names of a notebook's solution files: ``02_`` for ``02_kernel…``."""
    return path.name.split("_")[0] + "_"


def solution_lines(prefix):
    """Non-trivial lines of the solution files whose names start with ``prefix``."""
    lines = set()
    for path in SOLUTIONS:
        if path.name.startswith(prefix):
            for line in path.read_text().splitlines():
                line = line.strip()
                if len(line) >= 8 and re.search(r"[A-Za-z0-9]", line):
                    lines.add(line)
    return lines


def given_lines(original):
    """Code lines an exercise may share with its solution: teaching and starter cells."""
    given = set()
    in_exercises = False
    for cell in original.cells:
        if cell.cell_type == "markdown" and re.search(r"^## ", cell.source, re.M):
            in_exercises = bool(re.search(r"^## Exercises", cell.source, re.M))
        if cell.cell_type == "code" and (not in_exercises or STARTER.match(cell.source)):
            given.update(line.strip() for line in cell.source.splitlines())
    return given


def leaks(nb, path):
    """What in ``nb`` gives an answer of notebook ``path`` away: answer text, %load lines,
    solution code other than the set-up lines the original notebook itself gives."""
    found = []
    answers, prefix = answer_lines(path), number(path)
    given = given_lines(nbformat.read(path, as_version=4))
    text = "\n".join(cell.source for cell in nb.cells)
    found += [f"answer text: {line!r}" for line in sorted(answers) if line in text]
    found += [f"%load line: {line!r}" for line in text.splitlines() if "%load" in line]
    copied = {line.strip() for line in text.splitlines()}
    found += [
        f"solution line: {line!r}" for line in sorted(solution_lines(prefix) & copied - given)
    ]
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_check_finds_the_answers_in_the_original(path):
    assert answer_lines(path), f"{path.name}: no folded answer found; the check is vacuous"
    found = leaks(nbformat.read(path, as_version=4), path)
    assert any(f.startswith("answer text") for f in found)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_check_finds_solution_code_pasted_into_a_notebook(copy_dir, path):
    copy = nbformat.read(copy_dir / path.name, as_version=4)
    pasted = [s.read_text() for s in SOLUTIONS if s.name.startswith(number(path))]
    assert pasted, f"{path.name}: no solution file"
    copy.cells.append(nbformat.v4.new_code_cell(pasted[0]))
    assert any(f.startswith("solution line") for f in leaks(copy, path))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_copy_holds_no_answer(copy_dir, path):
    copy = nbformat.read(copy_dir / path.name, as_version=4)
    assert leaks(copy, path) == []
    assert not (copy_dir / "solutions").exists()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_copy_keeps_everything_else(copy_dir, path):
    original = nbformat.read(path, as_version=4)
    copy = nbformat.read(copy_dir / path.name, as_version=4)
    code = [c.source for c in original.cells if c.cell_type == "code"]
    assert [c.source for c in copy.cells if c.cell_type == "code"] == code
    exercises = [c.source for c in original.cells if c.source.startswith("**Exercise")]
    assert exercises, "no exercise statement found"
    assert [c.source for c in copy.cells if c.source.startswith("**Exercise")] == exercises


RUN = NOTEBOOKS if RUN_ALL else NOTEBOOKS[:1]


@pytest.mark.parametrize("path", RUN, ids=lambda p: p.name)
def test_the_copy_runs_top_to_bottom(copy_dir, path):
    nb = nbformat.read(copy_dir / path.name, as_version=4)
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(copy_dir)}}
    ).execute()
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    assert errors == []
