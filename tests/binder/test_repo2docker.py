"""repo2docker (Binder) reads the repository as intended, checked without building anything."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def dockerfile(tmp_path_factory):
    # A clean copy of the tracked files: what Binder would clone.
    checkout = tmp_path_factory.mktemp("binder") / "repo"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(checkout)], check=True)
    exe = shutil.which("jupyter-repo2docker") or str(Path(ROOT, ".venv/bin/jupyter-repo2docker"))
    result = subprocess.run(
        [exe, "--no-build", "--no-run", "--debug", str(checkout)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return result.stdout + result.stderr


def test_uses_environment_yml_with_pinned_python(dockerfile):
    assert "Building conda environment for python=3.11" in dockerfile
    assert re.search(r"env update .*--file \"environment\.yml\"", dockerfile)


def test_runs_post_build_to_install_lj_helpers(dockerfile):
    assert "RUN ./postBuild" in dockerfile
    assert "pip install --no-deps -e ." in (ROOT / "postBuild").read_text()


def test_installs_the_students_lock_after_copying_the_repository(dockerfile):
    # environment.yml's pip section is `-r requirements.txt` (the lock, with hashes), so
    # repo2docker must build the environment after the repository is in the image.
    copy = re.search(r"^COPY .*src/ \$\{REPO_DIR\}/", dockerfile, re.MULTILINE)
    update = re.search(r"env update .*--file \"environment\.yml\"", dockerfile)
    assert copy
    assert update
    assert copy.start() < update.start()
    assert "- -r requirements.txt" in (ROOT / "environment.yml").read_text()


def test_does_not_install_requirements_txt_as_a_second_route(dockerfile):
    # With environment.yml present, repo2docker's pip route must stay unused.
    assert not re.search(r"pip install .*requirements\.txt", dockerfile)


def test_readme_binder_link_opens_jupyterlab_on_the_first_notebook():
    readme = (ROOT / "README.md").read_text()
    link = re.search(r"https://mybinder\.org/v2/gh/\S+?\?urlpath=(\S+?)\)", readme)
    assert link, "README needs a Binder badge link"
    assert link.group(1) == "lab/tree/notebooks/01_data_generation.ipynb"
    assert (ROOT / "notebooks/01_data_generation.ipynb").exists()
