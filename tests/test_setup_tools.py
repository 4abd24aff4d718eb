"""The set-up helpers: the Python check, the Binder link, the timestamp stripper (tools/),
and how the browser tests find Chromium (tests/browser/find_chromium.py)."""

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


# --- tests/browser/find_chromium.py ----------------------------------------------------

find_chromium_tool = load_path("find_chromium", ROOT / "tests" / "browser" / "find_chromium.py")


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
