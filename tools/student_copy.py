"""Write a student copy of the notebooks, without the answers: ``make student-copy``.

``python tools/student_copy.py OUT`` writes every numbered notebook to ``OUT/notebooks/``
with the folded answers removed: each ``<details>`` block whose summary names a solution
or an answer, and every line that loads a solution file (``%load solutions/...``), in code
and markdown cells alike. Everything else is kept: the exercises, their starter cells,
folded material that is not an answer (a proof, say), the stored outputs. The solution
files are not copied. OUT must be inside the repository's git-ignored ``build/`` folder or
outside the repository.
"""

import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
# A <details> block (through its closing tag) whose <summary> says Solution or Answer.
ANSWER = re.compile(
    r"<details[^>]*>\s*<summary>[^<]*\b(?:solution|answer)s?\b.*?</details>[ \t]*\n?",
    re.IGNORECASE | re.DOTALL,
)
LOAD = re.compile(r"^.*%load\s+\S*solutions/.*(?:\n|$)", re.MULTILINE)


def notebooks(root=ROOT):
    """The numbered notebooks of the series, in order."""
    return sorted((root / "notebooks").glob("[0-9]*.ipynb"))


def strip_answers(nb):
    """``nb`` without its folded answers and solution-loading lines (modified in place)."""
    kept = []
    for cell in nb.cells:
        source = LOAD.sub("", cell.source)
        if cell.cell_type == "markdown":
            source = ANSWER.sub("", source)
            if not source.strip():
                continue  # a cell that held only the answer goes with it
        if source != cell.source:
            cell.source = source.rstrip()
        kept.append(cell)
    nb.cells = kept
    return nb


def write_copy(out, root=ROOT):
    """Write the student copy of every notebook under ``out/notebooks``; return the paths."""
    target = Path(out) / "notebooks"
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for path in notebooks(root):
        nb = strip_answers(nbformat.read(path, as_version=4))
        nbformat.write(nb, target / path.name)
        written.append(target / path.name)
    return written


def main(argv):
    if len(argv) != 2:
        sys.exit("usage: python tools/student_copy.py OUT_DIR  (e.g. build/student-copy)")
    out = Path(argv[1]).resolve()
    if out == ROOT or (ROOT in out.parents and (ROOT / "build") not in [out, *out.parents]):
        sys.exit(f"{out}: write the copy under build/ (git-ignored) or outside the repository")
    written = write_copy(out)
    print(f"student copy: {len(written)} notebooks in {out / 'notebooks'}, answers removed")


if __name__ == "__main__":
    main(sys.argv)
