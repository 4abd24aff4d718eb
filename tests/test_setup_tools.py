"""The set-up helpers: the Python check, the Binder link, the timestamp stripper (tools/),
and how the browser tests find Chromium (tools/find_chromium.py)."""

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
CHECK_PYTHON = ROOT / "tools" / "check_python.sh"
README = ROOT / "README.md"


def load_path(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load(name):
    return load_path(name, ROOT / "tools" / f"{name}.py")


binder_url = load("binder_url").binder_url
strip_timings_tool = load("strip_timings")
strip_timings = strip_timings_tool.strip_timings


# --- tools/check_python.sh -------------------------------------------------------------


def fake_python(path, version):
    """A stand-in interpreter: answers the script's version probe, and `-m venv DIR`."""
    ok = "ok" if tuple(map(int, version.split("."))) >= (3, 11) else "old"
    path.write_text(
        "#!/bin/sh\n"
        f'case "$1" in\n-c) echo "{version} {ok}" ;;\n'
        '-m) mkdir -p "$3/bin" && cp "$0" "$3/bin/python" && touch "$3/pyvenv.cfg" ;;\nesac\n'
    )
    path.chmod(0o755)
    return path


@pytest.fixture
def bin_dir(tmp_path):
    """A PATH with fake python3.10 and python3.12 only."""
    folder = tmp_path / "bin"
    folder.mkdir()
    fake_python(folder / "python3.10", "3.10.13")
    fake_python(folder / "python3.12", "3.12.4")
    return folder


def check(bin_dir, cwd, python, chosen="yes"):
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}/usr/bin{os.pathsep}/bin")
    return subprocess.run(
        ["sh", str(CHECK_PYTHON), python, ".venv", chosen, "lab"],
        cwd=cwd, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_too_old_python_stops_in_one_line_naming_it_and_a_newer_one(bin_dir, tmp_path):
    result = check(bin_dir, tmp_path, "python3.10")
    assert result.returncode == 1
    assert re.fullmatch(
        r"Found Python 3\.10\.13 as 'python3\.10'; this series needs Python 3\.11 or newer: "
        r"choose another, e\.g\. make PYTHON=python3\.1[1-9] lab\n",
        result.stderr,
    )
    assert not (tmp_path / ".venv").exists()


def test_missing_python_stops_in_one_line(bin_dir, tmp_path):
    result = check(bin_dir, tmp_path, "python3.99")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("No Python runs as 'python3.99';")
    assert re.search(r"e\.g\. make PYTHON=python3\.1[1-9] lab$", result.stderr)


def test_venv_of_an_old_python_is_recreated_even_unasked(bin_dir, tmp_path):
    fake_python(bin_dir / "python3", "3.12.4")
    subprocess.run([bin_dir / "python3.10", "-m", "venv", tmp_path / ".venv"], check=True)
    result = check(bin_dir, tmp_path, "python3", chosen="no")
    assert result.returncode == 0, result.stderr
    assert "Recreating .venv: it has Python 3.10.13, not Python 3.12.4" in result.stdout
    assert '-c) echo "3.12.4' in (tmp_path / ".venv/bin/python").read_text()


def test_venv_of_another_python_is_kept_unless_one_is_chosen(bin_dir, tmp_path):
    fake_python(bin_dir / "python3.11", "3.11.9")
    subprocess.run([bin_dir / "python3.11", "-m", "venv", tmp_path / ".venv"], check=True)
    kept = check(bin_dir, tmp_path, "python3.12", chosen="no")
    assert (kept.returncode, kept.stdout, kept.stderr) == (0, "", "")
    assert "3.11.9" in (tmp_path / ".venv/bin/python").read_text()
    chosen = check(bin_dir, tmp_path, "python3.12")
    assert chosen.returncode == 0, chosen.stderr
    assert "Recreating .venv: it has Python 3.11.9, not Python 3.12.4" in chosen.stdout
    assert "3.12.4" in (tmp_path / ".venv/bin/python").read_text()


def test_broken_venv_is_recreated(bin_dir, tmp_path):
    (tmp_path / ".venv/bin").mkdir(parents=True)
    (tmp_path / ".venv/pyvenv.cfg").touch()
    result = check(bin_dir, tmp_path, "python3.12", chosen="no")
    assert result.returncode == 0, result.stderr
    assert "it has no working Python" in result.stdout


def test_a_folder_that_is_not_a_venv_is_never_removed(bin_dir, tmp_path):
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv/notes.txt").write_text("mine")
    result = check(bin_dir, tmp_path, "python3.12")
    assert result.returncode == 1
    assert "is not a virtual environment" in result.stderr
    assert (tmp_path / ".venv/notes.txt").exists()


@pytest.mark.skipif(sys.prefix == sys.base_prefix, reason="needs to run in a venv")
def test_the_venv_running_this_test_passes_the_real_probe_and_is_kept():
    result = subprocess.run(
        ["sh", str(CHECK_PYTHON), sys.executable, sys.prefix, "yes", "lab"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


# --- tools/binder_url.py ---------------------------------------------------------------

LINK = "https://mybinder.org/v2/gh/someone/lj-kernel-learning/HEAD?urlpath=lab/tree/notebooks/01_data_generation.ipynb"  # noqa: E501


@pytest.mark.parametrize(
    "remote",
    [
        "https://github.com/someone/lj-kernel-learning",
        "https://github.com/someone/lj-kernel-learning.git",
        "https://github.com/someone/lj-kernel-learning/",
        "https://user@github.com/someone/lj-kernel-learning.git",
        "git@github.com:someone/lj-kernel-learning.git",
        "git@github.com:someone/lj-kernel-learning",
        "ssh://git@github.com/someone/lj-kernel-learning.git",
        "ssh://git@github.com:22/someone/lj-kernel-learning.git",
        "git://github.com/someone/lj-kernel-learning.git",
        "  https://github.com/someone/lj-kernel-learning.git\n",
    ],
)
def test_binder_url_for_github_remotes(remote):
    assert binder_url(remote) == LINK


def test_binder_url_keeps_dots_in_repository_names():
    assert binder_url("git@github.com:a-b/my.repo.git").startswith(
        "https://mybinder.org/v2/gh/a-b/my.repo/HEAD?"
    )


def test_binder_url_has_the_shape_of_the_readme_badge():
    badge = re.search(r"\]\((https://mybinder\.org/v2/gh/YOUR-ORG/\S+?)\)", README.read_text())
    assert badge, "README's badge should link to mybinder.org/v2/gh/YOUR-ORG/..."
    assert binder_url("https://github.com/YOUR-ORG/lj-kernel-learning.git") == badge.group(1)


@pytest.mark.parametrize(
    "remote",
    [
        "https://gitlab.com/someone/lj-kernel-learning.git",
        "git@gitlab.com:someone/lj-kernel-learning.git",
        "https://github.com.evil.example/someone/repo.git",
        "https://github.com/someone",
        "https://github.com/someone/repo/tree/main",
        "/home/someone/lj-kernel-learning",
        "",
    ],
)
def test_binder_url_refuses_other_remotes_with_what_to_do(remote):
    with pytest.raises(ValueError, match="not a GitHub repository") as error:
        binder_url(remote)
    assert "git remote set-url origin https://github.com/OWNER/REPO.git" in str(error.value)
    assert "\n" not in str(error.value)


def test_binder_url_message_hides_credentials_in_the_remote():
    with pytest.raises(ValueError, match="not a GitHub") as error:
        binder_url("https://oauth2:s3cret@gitlab.com/x/y.git")
    assert "s3cret" not in str(error.value)
    assert "'https://gitlab.com/x/y.git'" in str(error.value)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@pytest.mark.parametrize(
    ("origin", "status", "output"),
    [
        ("git@github.com:someone/lj-kernel-learning.git", 0, LINK),
        ("https://gitlab.com/x/y.git", 1, "origin is 'https://gitlab.com/x/y.git', not a GitHub"),
        (None, 1, "This clone has no 'origin' remote;"),
    ],
)
def test_binder_url_script_reads_origin(tmp_path, origin, status, output):
    subprocess.run(["git", "init", "--quiet", str(tmp_path)], check=True)
    if origin:
        subprocess.run(["git", "-C", str(tmp_path), "remote", "add", "origin", origin], check=True)
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "binder_url.py")],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == status
    assert (result.stdout + result.stderr).startswith(output)
    assert (result.stdout + result.stderr).count("\n") == 1


# --- tools/strip_timings.py ------------------------------------------------------------


def test_strip_timings_removes_only_the_execution_metadata(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# title"),
        nbformat.v4.new_code_cell("1 + 1", execution_count=1),
        nbformat.v4.new_code_cell("2 + 2", execution_count=2),
    ]
    nb.cells[1].metadata = {"execution": {"iopub.status.busy": "2026-01-01T00:00:00Z"},
                            "tags": ["solution"], "jupyter": {"source_hidden": True}}  # fmt: skip
    nb.cells[2].metadata = {"execution": {}}
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)

    strip_timings_tool.main([str(path)])

    stripped = nbformat.read(path, as_version=4)
    assert [cell.metadata for cell in stripped.cells] == [
        {}, {"tags": ["solution"], "jupyter": {"source_hidden": True}}, {},
    ]  # fmt: skip
    assert [cell.source for cell in stripped.cells] == [cell.source for cell in nb.cells]
    assert strip_timings(stripped) == 0


def test_strip_timings_leaves_clean_notebooks_untouched(tmp_path):
    path = tmp_path / "nb.ipynb"
    path.write_text('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    before = path.read_bytes()
    strip_timings_tool.main([str(path)])
    assert path.read_bytes() == before


# --- tools/find_chromium.py -----------------------------------------------------------

find_chromium_tool = load("find_chromium")


def executable(path):
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


def test_chromium_from_the_environment_variable_wins(tmp_path):
    mine = executable(tmp_path / "my-chrome")
    executable(tmp_path / "chromium")
    env = {"CHROMIUM": str(mine), "PATH": str(tmp_path)}
    assert find_chromium_tool.find_chromium(env, places=()) == (str(mine), None)


def test_chromium_on_path_then_in_the_usual_places(tmp_path):
    on_path = executable(tmp_path / "chromium-browser")
    assert find_chromium_tool.find_chromium({"PATH": str(tmp_path)}, places=()) == (
        str(on_path),
        None,
    )
    place = executable(tmp_path / "chrome")
    found = find_chromium_tool.find_chromium({"PATH": str(tmp_path / "none")}, places=[place])
    assert found == (str(place), None)


@pytest.mark.parametrize("env", [{"CHROMIUM": "/nowhere/chromium"}, {"PATH": ""}])
def test_no_chromium_gives_one_line_saying_how_to_install_it(env):
    path, reason = find_chromium_tool.find_chromium(env, places=())
    assert path is None
    assert "\n" not in reason
    assert reason.endswith(
        "install it (Debian/Ubuntu: sudo apt-get install chromium) "
        "or set CHROMIUM=/path/to/chromium"
    )


# --- Makefile: spaces and quotes in user values never run code or touch other files ----

ALLOWED_MAKE_TEXT = ("$(MAKE)", "$(PIP)", "$(STAMP_$@)")


def test_no_recipe_splices_a_make_variable_into_shell_text():
    """User values reach recipes only through the environment, double-quoted ("$$PYTHON")."""
    # One logical line per recipe command: continuation lines joined to their first line.
    text = re.sub(r"\\\n", " ", (ROOT / "Makefile").read_text())
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("\t"):
            continue
        text = line.replace("$$", "")
        for allowed in ALLOWED_MAKE_TEXT:
            text = text.replace(allowed, "")
        assert "$(" not in text, f"Makefile:{number}: {line.strip()}"
        assert "${" not in text, f"Makefile:{number}: {line.strip()}"
        assert not re.search(r"(?<![\"'])\$\$[A-Za-z_{]", line.replace("$$(", "")) or (
            "set -f" in line
        ), f"Makefile:{number} uses a shell variable without double quotes: {line.strip()}"


def snapshot(folder):
    """{relative path: (size, mtime)} of every file (None for folders) under folder.

    Symlinks are not followed. A folder's own mtime is left out: it changes whenever an
    allowed file inside it (a log, a cache) or the target's own temporary folder comes or goes.
    """
    found = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames:
            found[str(Path(dirpath, name).relative_to(folder))] = None
        for name in filenames:
            path = Path(dirpath, name)
            info = path.lstat()
            found[str(path.relative_to(folder))] = (info.st_size, info.st_mtime_ns)
    return found


def changes(before, after, allowed=()):
    changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    return sorted(p for p in changed if not any(re.search(a, p) for a in allowed))


def make_sandbox(parent):
    """A sandbox folder with spaces: a copy of the repository, a TMPDIR, and bystanders.

    ``my`` is what the old ``rm -rf $$ipython_dir`` deleted when TMPDIR was ``my tmp``.
    """
    repo = parent / "re po"
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split("\0")  # fmt: skip
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, repo / name)
    for name in ("requirements.txt", "requirements-dev.txt", "pyproject.toml"):
        os.utime(repo / name, (1e9, 1e9))  # older than .venv's stamps: nothing to reinstall
    (parent / "my").mkdir()
    (parent / "my" / "thesis.txt").write_text("years of work")
    (parent / "my tmp").mkdir()
    return parent, repo


@pytest.fixture(scope="module")
def shared_sandbox(tmp_path_factory):
    """One sandbox for the tests that must change nothing (each checks that it did not)."""
    return make_sandbox(tmp_path_factory.mktemp("shared") / "sand box")


@pytest.fixture
def sandbox(tmp_path):
    return make_sandbox(tmp_path / "sand box")


def make(repo, *args, **env):
    environ = {k: v for k, v in os.environ.items() if k not in ("PYTHON", "VENV", "MAKEFLAGS")}
    environ.update(env)
    return subprocess.run(
        ["make", *args], cwd=repo, env=environ, capture_output=True, text=True, check=False
    )


INJECTIONS = [
    "python9'; echo INJECTED; echo '",
    'python9"; echo INJECTED; echo "',
    "python9 $$(echo INJECTED >&2)",  # make turns $$ into $: the shell gets $(...)
    "python9 `echo INJECTED >&2`",
    "python9; echo INJECTED",
]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
@pytest.mark.parametrize(
    ("goal", "python"),
    [("install", python) for python in INJECTIONS]
    + [(goal, INJECTIONS[0]) for goal in ("dev", "test", "audit", "binder-url")],
)
def test_python_with_quotes_fails_cleanly_and_runs_nothing(shared_sandbox, python, goal):
    parent, repo = shared_sandbox
    before = snapshot(parent)
    result = make(repo, goal, f"PYTHON={python}", TMPDIR=str(parent / "my tmp"))
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert not re.search(r"^INJECTED$", output, re.MULTILINE), output
    if goal != "binder-url":  # binder-url uses PYTHON only when .venv is missing
        assert f"No Python runs as '{python.replace('$$', '$')}';" in output
    assert changes(before, snapshot(parent)) == []


@pytest.mark.skipif(sys.prefix == sys.base_prefix, reason="needs to run in a venv")
@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_audit_with_spaces_in_tmpdir_touches_only_its_own_temporary_folder(sandbox):
    parent, repo = sandbox
    os.symlink(Path(sys.prefix), repo / ".venv")
    (repo / "tests" / "test_01_probe.py").write_text(
        "import os\nfrom pathlib import Path\n\n\n"
        "def test_01_probe():\n"
        "    ipython = Path(os.environ['IPYTHONDIR'])\n"
        "    assert ipython.is_relative_to(os.environ['TMPDIR'])\n"
        "    assert os.environ['LJ_PERTURB_SEED'] == '1'\n"
        "    assert list(ipython.glob('profile_default/startup/*perturb*.py'))\n"
    )
    before = snapshot(parent)
    result = make(
        repo, "audit", "AUDIT_VARIATIONS=perturb-1", "NOTEBOOK_CHECKS=tests/test_01_probe.py",
        "JOBS=1", TMPDIR=str(parent / "my tmp"),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^01_probe\s+ok 1$", result.stdout, re.MULTILINE), result.stdout
    assert "Audit passed" in result.stdout
    # Only the audit's log (and Python's caches) may change, inside the repository.
    allowed = [r"^re po/artifacts(/|$)", r"__pycache__", r"^re po/\.pytest_cache"]
    assert changes(before, snapshot(parent), allowed) == []
    assert not (repo / "tmp").exists()


def test_check_python_accepts_a_python_path_with_spaces_and_quotes(bin_dir, tmp_path):
    odd = tmp_path / 'my python\'s "dir"'
    odd.mkdir()
    python = fake_python(odd / "python 3'12", "3.12.4")
    result = check(bin_dir, tmp_path, str(python))
    assert result.returncode == 0, result.stderr
    assert '-c) echo "3.12.4' in (tmp_path / ".venv/bin/python").read_text()
