"""The website as a reader uses it: ``make test-site`` (opt-in: ``SITE_TEST=1``).

Builds the site from this checkout (``docs/prepare.py`` + Sphinx, into a temporary folder,
timed), serves it on 127.0.0.1 and opens it in headless Chromium (found by
``tools/find_chromium.py``). Requests to any other host are blocked and make the
test fail: the site must work offline (MathJax is shipped in it, by sphinx-mathjax-offline).

Checks: every notebook page renders with all its figures loaded; no exercise answer is
visible until its fold is clicked open; every internal link and resource resolves,
anchors included; the API page documents every name in ``lj_helpers.__all__``; the search
page finds "Laplacian". A full-page screenshot of every page goes to ``artifacts/site/``.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
from find_chromium import find_chromium  # noqa: E402

CHROMIUM, MISSING = find_chromium()
pytestmark = pytest.mark.skipif(
    os.environ.get("SITE_TEST") != "1", reason="the site test runs with make test-site"
)
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
ARTIFACTS = ROOT / "artifacts" / "site"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDGET = "application/vnd.jupyter.widget-view+json"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Base URL of the freshly built site, served on 127.0.0.1."""
    tmp = tmp_path_factory.mktemp("site")
    src, html = tmp / "src", tmp / "html"
    start = time.perf_counter()
    subprocess.run([sys.executable, "docs/prepare.py", str(src)], cwd=ROOT, check=True)
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-q",
         str(src), str(html)],
        cwd=ROOT, check=True,
    )  # fmt: skip
    print(f"site built in {time.perf_counter() - start:.1f} s")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
         "--directory", str(html)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the static server did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    if MISSING:
        pytest.fail(f"the site test needs Chromium: {MISSING}", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, site):
    """A page that may load only from the site; other requests are blocked and recorded."""
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    page.blocked = []

    def route(r):
        if r.request.url.startswith(site):
            r.continue_()
        else:
            page.blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    yield page
    blocked = page.blocked
    page.close()
    assert blocked == [], "the page loads from outside the site"


def screenshot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def stored_figures(path):
    nb = nbformat.read(path, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    return sum("image/png" in o.get("data", {}) for o in outputs)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_page_renders_with_every_figure(page, site, path):
    page.goto(f"{site}notebooks/{path.stem}.html", wait_until="load")
    article = page.locator("article")
    title = next(
        line[2:].strip()
        for cell in nbformat.read(path, as_version=4).cells
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if line.startswith("# ")
    )
    assert article.locator("h1").first.inner_text().strip().startswith(title[:20])
    images = page.evaluate(
        "() => [...document.querySelectorAll('article img')]"
        ".map((i) => ({src: i.src, ok: i.complete && i.naturalWidth > 0}))"
    )
    broken = [i["src"] for i in images if not i["ok"]]
    assert broken == []
    assert len(images) >= stored_figures(path) > 0
    # The formulas are typeset by MathJax, not left as TeX source.
    page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
    page.evaluate("() => MathJax.startup.promise")
    assert page.locator("article mjx-container").count() > 0
    assert page.locator("article").inner_text().count("\\(") == 0
    # No widget is left to render: a note points at the static figure instead.
    assert page.locator(".widget-note").count() >= 1
    assert page.locator("text=interactive(children=").count() == 0
    links = page.locator(".nb-links")
    download = links.locator("a.download")
    assert download.count() == 1
    assert download.get_attribute("href").endswith(path.name)
    binder = links.locator("a", has_text="Launch on Binder")
    if binder.count():
        assert binder.get_attribute("href").startswith("https://mybinder.org/v2/gh/")
        assert binder.get_attribute("href").endswith(path.name)
    else:
        assert "not available for this copy" in links.inner_text()
    i = NOTEBOOKS.index(path)
    nav = links.inner_text()
    assert ("Previous:" in nav) == (i > 0)
    assert ("Next:" in nav) == (i < len(NOTEBOOKS) - 1)
    screenshot(page, path.stem)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_answers_stay_folded_until_clicked(page, site, path):
    page.goto(f"{site}notebooks/{path.stem}.html", wait_until="load")
    answers = page.locator("details", has=page.locator("summary", has_text="Solution"))
    assert answers.count() >= 1
    for k in range(answers.count()):
        fold = answers.nth(k)
        body = fold.locator(":scope > :not(summary)").first
        assert not body.is_visible(), f"answer {k + 1} is visible before its fold is opened"
        fold.locator("summary").click()
        body.wait_for(state="visible", timeout=5_000)
        assert fold.evaluate("(d) => d.open")


class Links(HTMLParser):
    """Every href and src of a page, and every id in it."""

    def __init__(self):
        super().__init__()
        self.targets, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for key in ("href", "src"):
            if attrs.get(key):
                self.targets.append(attrs[key])


def test_every_internal_link_resolves(site):
    pages, queue, broken = {}, [site], []
    anchors = []
    while queue:
        url = queue.pop()
        if url in pages:
            continue
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                body = response.read()
        except urllib.error.URLError as error:
            broken.append(f"{url}: {error}")
            continue
        pages[url] = None
        if not url.endswith((".html", "/")):
            continue
        parser = Links()
        parser.feed(body.decode("utf-8", "replace"))
        pages[url] = parser.ids
        for target in parser.targets:
            absolute, fragment = urldefrag(urljoin(url, target))
            if not absolute.startswith(site):
                continue  # outside the site: mybinder.org
            if urlparse(absolute).path.endswith("/"):
                absolute += "index.html"
            if fragment:
                anchors.append((url, absolute, fragment))
            queue.append(absolute)
    for source, target, fragment in anchors:
        ids = pages.get(target)
        if ids is not None and fragment not in ids:
            broken.append(f"{source} -> {target}#{fragment}: no such anchor")
    html_pages = [u for u, ids in pages.items() if ids is not None]
    assert broken == []
    assert len(html_pages) >= len(NOTEBOOKS) + 3  # landing page, teacher's guide, API


def test_landing_teaching_and_api_pages(page, site):
    sys.path.insert(0, str(ROOT))
    import lj_helpers

    page.goto(f"{site}index.html", wait_until="load")
    toc = page.locator("article .toctree-wrapper").first.inner_text()
    assert toc.count("·") >= len(NOTEBOOKS)  # every notebook, titled "NN · ..."
    screenshot(page, "index")
    page.goto(f"{site}teaching.html", wait_until="load")
    assert "Reading times" in page.locator("article").inner_text()
    screenshot(page, "teaching")
    page.goto(f"{site}api.html", wait_until="load")
    missing = [
        name
        for name in lj_helpers.__all__
        if page.locator(f"[id='lj_helpers.{name}']").count() != 1
    ]
    assert missing == [], "public names missing from the API page"
    screenshot(page, "api")


def test_search_finds_laplacian(page, site):
    page.goto(f"{site}search.html?q=Laplacian", wait_until="load")
    results = page.locator("#search-results li")
    results.first.wait_for(timeout=15_000)
    hits = [results.nth(k).inner_text() for k in range(results.count())]
    assert any("Laplacian" in hit or "Kernel ridge" in hit for hit in hits), hits
    screenshot(page, "search")
