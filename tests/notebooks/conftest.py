"""Run each notebook once; check its pinned outputs and its claims from that one run.

Every ``test_NN_*.py`` in this folder belongs to one notebook, named by a module-level
``NOTEBOOK = "NN_name.ipynb"``. Its tests take the ``notebook`` fixture (module scope):
the notebook is executed top to bottom, as Run All does, in a fresh kernel whose working
directory is ``notebooks/`` (cells ``%load solutions/...``) and which inherits this
process's environment (``IPYTHONDIR``, ``OMP_NUM_THREADS``, ``NPY_DISABLE_CPU_FEATURES``
...), so the rounding audit can re-run this folder under its variations. The kernel stays
alive until the module's last test, so

- ``test_pinned_output(notebook, pinned_cell)`` (one test per pinned cell, collected from
  the stored notebook) compares each ``# NBVAL_CHECK_OUTPUT`` cell with its stored output;
- every other test reads the notebook's own variables with ``notebook.value("expr")``
  (evaluated in the kernel, pickled back) and checks a claim, with a tolerance where the
  quantity is ill-conditioned or iterative; no test re-implements notebook code.

Adding or renaming a notebook: name its file ``test_<notebook stem>.py``, set ``NOTEBOOK``,
and copy the three-line ``test_pinned_output``; tests/test_notebooks.py fails until every
notebook has exactly one such file. A claim reads the variable that holds the quantity
(``notebook.value("maes")``), or what a loop printed (``notebook.stdout("cell source regex")``)
when no variable keeps it; it may derive a small quantity (a median, a ratio) from those.

Run with ``pytest -n 2 --dist loadfile tests/notebooks``: ``loadfile`` keeps a file, hence
its one execution, on one worker.

Why nbclient rather than nbval: nbval collects a notebook's cells as its own test items
and shuts its kernel down when the file is done, so a claims test cannot reach that
kernel's variables, and running nbval beside a second execution costs the time this folder
exists to save. Collecting a generated copy of each notebook with the claims appended as
cells would keep nbval, but turn each claim into an anonymous cell rather than a named test,
and the copy would have to be written into notebooks/ (cells ``%load`` relative paths).
``nbclient`` (which nbval itself builds on) runs the notebook and keeps
the kernel. The comparison of a pinned cell reuses nbval's own code where it is public
(its marker parsing, stream coalescing and stream transform, imported below) and repeats
nbval's small flatten-and-compare (outputs grouped by MIME type or stream name, the keys
nbval skips skipped), so a cell passes here exactly when ``pytest --nbval-lax`` passes it.
A failure names the notebook and the cell (index and ``In [n]``) and shows a unified diff
of the stored and the fresh output, then the cell's source.

The kernel runs without ipywidgets (``sys.modules["ipywidgets"] = None`` before the first
cell), so every widget cell takes its ``except ImportError`` branch: executing
``ipywidgets.interact`` through nbclient can block forever (jupyter/nbclient#312; seen
here on notebooks 03 and 10, the kernel idle and the client waiting for a reply). This
runs the fallback a student without ipywidgets gets (the static figure, one printed line);
the widgets themselves are exercised in real JupyterLab by ``make test-browser``. Widget
cells are never pinned, so their stored outputs are not compared.
"""

import copy
import difflib
import pickle
import queue
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError
from nbval.plugin import (
    coalesce_streams,
    find_comment_markers,
    find_metadata_tags,
    transform_streams_for_comparison,
)

NOTEBOOK_DIR = Path(__file__).resolve().parents[2] / "notebooks"
CELL_TIMEOUT = 600  # seconds per cell; a whole Run All takes under 30 s on 2 idle cores

# What nbval (0.11, without --nbdime) leaves out of the comparison: run-dependent fields,
# widget model ids and images.
SKIP_COMPARE = {
    "metadata",
    "traceback",
    "prompt_number",
    "output_type",
    "name",
    "execution_count",
    "application/vnd.jupyter.widget-view+json",
    "image/png",
    "image/jpeg",
}


def markers(cell):
    """nbval's markers of a code cell, from its comments and its tags."""
    found = dict(find_comment_markers(cell.source))
    found.update(find_metadata_tags(cell.metadata))
    return found


def pinned_cells(path):
    """Indices (into ``nb.cells``) of the code cells nbval's lax mode compares."""
    nb = nbformat.read(path, as_version=4)
    return [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and markers(cell).get("check", False)
    ]


def flatten(outputs):
    """nbval's view of a cell's outputs: a list of values per MIME type or stream name."""
    flat = defaultdict(list)
    for output in transform_streams_for_comparison(coalesce_streams(copy.deepcopy(outputs))):
        for key, value in output.items():
            if key in SKIP_COMPARE:
                continue
            if key == "data":
                for mime, data in value.items():
                    if mime not in SKIP_COMPARE:
                        flat[mime].append(data)
            else:
                flat[key].append(value)
    return dict(flat)


class ExecutedNotebook:
    """A notebook after Run All, with its kernel still running."""

    def __init__(self, path, stored, executed, client):
        self.path = path
        self.stored = stored
        self.executed = executed
        self._client = client

    def cell_label(self, index):
        count = self.stored.cells[index].get("execution_count")
        return f"{self.path.name} cell {index} (In [{count}])"

    def check_pinned(self, index):
        """Fail, with a diff, when a pinned cell's output differs from the stored one."""
        stored = flatten(self.stored.cells[index].outputs)
        fresh = flatten(self.executed.cells[index].outputs)
        if fresh == stored:
            return
        lines = [f"{self.cell_label(index)} no longer prints its stored output."]
        for key in sorted(set(stored) | set(fresh)):
            old, new = stored.get(key, []), fresh.get(key, [])
            if old != new:
                diff = difflib.unified_diff(
                    "".join(map(str, old)).splitlines(),
                    "".join(map(str, new)).splitlines(),
                    "stored",
                    "this run",
                    lineterm="",
                )
                lines += [f"--- {key}:", *diff]
        lines += ["The cell:", self.stored.cells[index].source]
        pytest.fail("\n".join(lines), pytrace=False)

    def stdout(self, pattern):
        """What the one code cell whose source matches a regular expression printed in this run.

        For claims the notebook prints but keeps in no variable (a loop's rows, say).
        """
        hits = [
            i
            for i, cell in enumerate(self.stored.cells)
            if cell.cell_type == "code" and re.search(pattern, cell.source)
        ]
        assert len(hits) == 1, f"{len(hits)} cells of {self.path.name} match {pattern!r}"
        outputs = self.executed.cells[hits[0]].outputs
        return "".join(o.text for o in outputs if o.output_type == "stream" and o.name == "stdout")

    def run(self, code):
        """Execute code in the notebook's kernel; return its stdout."""
        cell = nbformat.v4.new_code_cell(code)
        self.executed.cells.append(cell)  # nbclient writes a cell's outputs into the notebook
        try:
            self._client.execute_cell(cell, len(self.executed.cells) - 1)
        except CellExecutionError as error:
            raise AssertionError(f"in the kernel of {self.path.name}: {error}") from None
        finally:
            self.executed.cells.pop()
        return "".join(o.text for o in cell.outputs if o.output_type == "stream")

    def value(self, expression):
        """The value of a Python expression in the notebook's namespace (pickled back).

        Use it for data (numbers, arrays, DataFrames, lj_helpers models); a class defined
        in the notebook itself cannot be unpickled here, so evaluate an attribute instead.
        The pickle goes through a temporary file: megabytes of stdout are slow to stream.
        """
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "value.pickle"
            self.run(
                f"with open({str(path)!r}, 'wb') as _f:\n"
                f"    __import__('pickle').dump(({expression}\n), _f)\n"
                "del _f"
            )
            with path.open("rb") as f:
                return pickle.load(f)


def notebook_path(module):
    name = getattr(module, "NOTEBOOK", None)
    if name is None:
        raise pytest.UsageError(f"{module.__name__} must set NOTEBOOK = 'NN_name.ipynb'")
    path = NOTEBOOK_DIR / name
    if not path.is_file():
        raise pytest.UsageError(f"{module.__name__}: NOTEBOOK {name!r} is not in notebooks/")
    return path


def in_steps(get_msg, step=1.0):
    """Wrap a channel's ``get_msg`` so that it waits in steps of ``step`` seconds.

    A reply that arrives while the client's zmq poll is not watching can be missed, and the
    client then waits out its whole timeout with the kernel idle (jupyter/nbclient#312, seen
    here on notebooks 03 and 10). Polling again every second sees such a message.
    """

    async def get_msg_in_steps(timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            wait = step if deadline is None else min(step, max(0.0, deadline - time.monotonic()))
            try:
                return await get_msg(timeout=wait)
            except queue.Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise

    return get_msg_in_steps


def pytest_generate_tests(metafunc):
    if "pinned_cell" in metafunc.fixturenames:
        path = notebook_path(metafunc.module)
        cells = pinned_cells(path)
        metafunc.parametrize("pinned_cell", cells, ids=[f"cell{i}" for i in cells])


@pytest.fixture(scope="module")
def notebook(request):
    """Run All on the module's NOTEBOOK once; yield it with its kernel alive."""
    path = notebook_path(request.module)
    stored = nbformat.read(path, as_version=4)
    executed = copy.deepcopy(stored)
    client = NotebookClient(
        executed,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
    )
    with client.setup_kernel():
        for channel in (client.kc.shell_channel, client.kc.iopub_channel):
            channel.get_msg = in_steps(channel.get_msg)
        result = ExecutedNotebook(path, stored, executed, client)
        prefix = result.run("import sys; print(sys.prefix)").strip()
        assert prefix == sys.prefix, f"the kernel runs in {prefix}, not in {sys.prefix}"
        result.run("sys.modules['ipywidgets'] = None  # see the module docstring")
        for index, cell in enumerate(executed.cells):
            if cell.cell_type != "code":
                continue
            expect_error = markers(cell).get("check_exception", False)
            try:
                client.execute_cell(cell, index)
            except CellExecutionError as error:
                if not expect_error:
                    pytest.fail(f"{result.cell_label(index)} raised:\n{error}", pytrace=False)
            except CellTimeoutError:
                pytest.fail(f"{result.cell_label(index)} ran over {CELL_TIMEOUT} s", pytrace=False)
        yield result
