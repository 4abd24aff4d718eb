"""Run every notebook in a real JupyterLab, in headless Chromium, as a student would.

Starts ``jupyter lab`` on a free localhost port (a random token, given to the server in
its environment and to the browser in the URL; temporary settings, workspace and
notebook folders, so the repository is never modified), opens
each notebook, clicks Run > Run All Cells, waits for the kernel to finish, and
checks what is on screen. A full-page screenshot of each notebook is saved in
``artifacts/``.

The browser is found by ``tools/find_chromium.py`` (``$CHROMIUM``, else the usual names and
places). Without one the tests are skipped with the reason, unless ``CHROMIUM_REQUIRED=1``
(set by ``.ci/run``), which makes a missing browser a failure.
"""

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
from find_chromium import find_chromium  # noqa: E402

CHROMIUM, MISSING = find_chromium()
REQUIRED = os.environ.get("CHROMIUM_REQUIRED") == "1"
pytestmark = pytest.mark.skipif(bool(MISSING) and not REQUIRED, reason=str(MISSING))

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
ARTIFACTS = ROOT / "artifacts"
# Seconds a notebook may take to run; raise it on a loaded machine (BROWSER_RUN_TIMEOUT=600).
RUN_TIMEOUT_S = int(os.environ.get("BROWSER_RUN_TIMEOUT", "120"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """URL, token and folder of a JupyterLab server serving a scratch copy of the notebooks."""
    tmp = tmp_path_factory.mktemp("lab")
    served = tmp / "notebooks"
    served.mkdir()
    for path in NOTEBOOKS:  # served without outputs: all that shows must come from this run
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        nbformat.write(nb, served / path.name)
    settings = tmp / "settings"
    for plugin, values in {
        # Render every cell (no virtual scrolling), so all outputs are in the page.
        "notebook-extension/tracker": {"windowingMode": "none"},
        # Start the notebook's kernel without asking.
        "docmanager-extension/plugin": {"autoStartDefaultKernel": True},
        # No news pop-up over the screenshots.
        "apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    }.items():
        folder, name = plugin.split("/")
        target = settings / "@jupyterlab" / folder
        target.mkdir(parents=True, exist_ok=True)
        (target / f"{name}.jupyterlab-settings").write_text(json.dumps(values))
    port = free_port()
    token = secrets.token_hex(32)  # in the environment, not the command line that ps shows
    env = dict(
        os.environ,
        JUPYTER_TOKEN=token,
        JUPYTER_CONFIG_DIR=str(tmp / "config"),
        JUPYTER_RUNTIME_DIR=str(tmp / "rt"),
    )
    server = subprocess.Popen(
        [
            sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", f"--port={port}",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.root_dir={served}", f"--LabApp.user_settings_dir={settings}",
            f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
        ],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                status = urllib.request.Request(
                    f"{url}/api/status", headers={"Authorization": f"token {token}"}
                )
                urllib.request.urlopen(status, timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start within 60 s")
        yield url, token, served
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    if MISSING:
        pytest.fail(f"CHROMIUM_REQUIRED=1, but {MISSING}", pytrace=False)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def expected_outputs(path):
    """Numbers of figures and widgets that a full run stores for this notebook."""
    nb = nbformat.read(path, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    images = sum("image/png" in o.get("data", {}) for o in outputs)
    widgets = sum("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
    return images, widgets


def accept_kernel_dialog(page):
    """Click "Select" in the kernel chooser, as a student would, if JupyterLab asks."""
    dialog = page.locator(".jp-Dialog", has_text="Select Kernel")
    try:
        dialog.wait_for(timeout=3_000)
    except PlaywrightTimeout:
        return
    dialog.locator("button", has_text="Select").click()


def run_all_cells(page):
    accept_kernel_dialog(page)
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").first.wait_for(
        timeout=60_000
    )
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    deadline = time.monotonic() + RUN_TIMEOUT_S
    started = 0
    page.wait_for_timeout(1000)
    while time.monotonic() < deadline:
        # On a slow machine the cells are queued after a while: done means some ran or run.
        started = page.locator(".jp-InputPrompt", has_text=re.compile(r"\[(\*|\d+)\]")).count()
        busy = page.locator(".jp-InputPrompt", has_text="[*]").count()
        idle = page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").count()
        if started and busy == 0 and idle:
            return
        page.wait_for_timeout(500)
    pytest.fail(f"cells still running after {RUN_TIMEOUT_S} s" if started else "no cell ran")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_run_all_in_jupyterlab(browser, lab, path):
    url, token, served = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    # A fresh workspace per notebook, so only this notebook is open.
    page.goto(f"{url}/lab/workspaces/{path.stem}/tree/{path.name}?reset&token={token}")
    notebook = page.locator(".jp-NotebookPanel-notebook")
    notebook.wait_for(timeout=60_000)
    run_all_cells(page)
    page.wait_for_timeout(1000)  # let the last figures and widget views attach

    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    error_text = errors.first.inner_text()[:500] if errors.count() else ""
    images = page.locator(".jp-OutputArea-output img").count()
    widgets = page.locator(".jp-OutputArea-output .widget-interact").count()
    fallback = page.locator(".jp-OutputArea-output", has_text="interactive(children=").count()
    expected_images, expected_widgets = expected_outputs(path)

    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll("
        "'.jp-NotebookPanel-notebook, .jp-WindowedPanel-outer, .jp-WindowedPanel-inner')]"
        ".map((e) => e.scrollHeight))"
    )
    page.set_viewport_size({"width": 1400, "height": min(int(height) + 200, 32000)})
    page.evaluate(
        "() => document.querySelectorAll('.jp-NotebookPanel-notebook, .jp-WindowedPanel-outer')"
        ".forEach((e) => { e.scrollTop = 0; })"
    )
    page.wait_for_timeout(1000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{path.stem}.png", full_page=True)
    page.keyboard.press("Control+s")  # save what JupyterLab ran, to check every cell below
    for _ in range(30):  # the save can take a while on a loaded machine
        page.wait_for_timeout(1000)
        saved = nbformat.read(served / path.name, as_version=4)
        counts = [c.execution_count for c in saved.cells if c.cell_type == "code"]
        if None not in counts:
            break
    page.close()

    assert not error_text, error_text
    assert counts == list(range(1, len(counts) + 1)), f"not every cell ran in order: {counts}"
    assert images >= expected_images, f"{images} images rendered, {expected_images} expected"
    assert widgets >= expected_widgets, (
        f"{widgets} widget views rendered, {expected_widgets} expected"
    )
    assert fallback == 0, "a widget showed its text fallback instead of its view"
