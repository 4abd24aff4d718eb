"""Stage the website's sources for Sphinx: ``python docs/prepare.py OUT`` (``make site``).

OUT (``build/site-src``, git-ignored) receives:

- ``index.md``: the README, with the Binder badge replaced by a plain link (or a placeholder
  when this clone has no GitHub ``origin``) and a table of contents appended;
- ``notebooks/*.ipynb``: every numbered notebook found by glob, with their stored outputs,
  plus a links bar under the title (download, launch on Binder, previous and next notebook);
  each widget output is replaced by a note pointing at the static figure drawn above it;
- ``teaching.md``: the teacher's guide (``TEACHING.md``);
- ``contributing.md``: the maintainers' rules (``CONTRIBUTING.md``: what a pinned output may hold);
- ``api.md``: the API reference, one autodoc entry per name in ``lj_helpers.__all__``;
- ``conf.py`` and ``_static/`` from this folder.

Nothing is executed. The solution files are not copied: the site never prints them.
"""

import importlib.util
import inspect
import re
import shutil
import sys
from pathlib import Path
from urllib.parse import quote

import nbformat

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
WIDGET = "application/vnd.jupyter.widget-view+json"
BINDER_PLACEHOLDER = (
    "Launch on Binder: *not available for this copy* (it has no GitHub `origin`; "
    "`make binder-url` says how to set one, then rebuild the site)"
)


def notebooks():
    """The numbered notebooks, in order (names are never hard-coded)."""
    return sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))


def binder_base():
    """The Binder link of ``make binder-url`` (tools/binder_url.py), or None off GitHub."""
    spec = importlib.util.spec_from_file_location("binder_url", ROOT / "tools" / "binder_url.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    remote = module.origin_url()
    if remote is None:
        return None
    try:
        return module.binder_url(remote)
    except ValueError:
        return None


def binder_link(base, notebook_path):
    """``base`` (which opens notebook 01) made to open ``notebook_path`` instead."""
    if base is None:
        return None
    head, _, _ = base.partition("?urlpath=")
    return f"{head}?urlpath={quote('lab/tree/' + notebook_path)}"


def title(nb, fallback):
    """The notebook's first ``#`` heading."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def links_cell(path, base, previous, following):
    """Markdown cell under the title: download, Binder, previous and next notebook."""
    url = binder_link(base, f"notebooks/{path.name}")
    binder = f"[Launch on Binder]({url})" if url else BINDER_PLACEHOLDER
    nav = []
    if previous:
        nav.append(f"← Previous: [{previous[1]}]({previous[0].name})")
    if following:
        nav.append(f"Next: [{following[1]}]({following[0].name}) →")
    text = (
        '<div class="nb-links">\n\n'
        f"{{download}}`Download this notebook (.ipynb) <{path.name}>` · {binder}\n\n"
        + (" · ".join(nav) + "\n\n" if nav else "")
        + "</div>"
    )
    return nbformat.v4.new_markdown_cell(text)


def widget_note():
    return nbformat.v4.new_markdown_cell(
        '<p class="widget-note">Interactive widget: it needs a live kernel (run the notebook '
        "in JupyterLab or on Binder). The static figure above shows its starting position.</p>"
    )


def stage_notebook(path, out, base, previous, following):
    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("widgets", None)  # no widget state: nothing to load from a CDN
    cells = []
    for cell in nb.cells:
        has_widget = cell.cell_type == "code" and any(
            WIDGET in output.get("data", {}) for output in cell.outputs
        )
        if has_widget:
            cell.outputs = [o for o in cell.outputs if WIDGET not in o.get("data", {})]
        cells.append(cell)
        if has_widget:
            cells.append(widget_note())
    first_heading = next(
        (i for i, c in enumerate(cells) if c.cell_type == "markdown" and "# " in c.source), 0
    )
    cells.insert(first_heading + 1, links_cell(path, base, previous, following))
    nb.cells = cells
    nbformat.write(nb, out / path.name)


def landing_page(base, pages):
    text = (ROOT / "README.md").read_text()
    badge = re.compile(r"^\[!\[Binder\]\([^)]*\)\]\([^)]*\)[ \t]*$", re.MULTILINE)
    first = binder_link(base, f"notebooks/{pages[0].name}") if pages else None
    replacement = f"[Launch the series on Binder]({first})" if first else BINDER_PLACEHOLDER
    text = badge.sub(lambda _: replacement, text, count=1)
    text = text.replace("](TEACHING.md)", "](teaching.md)")  # staged under that name
    text = text.replace("](CONTRIBUTING.md)", "](contributing.md)")
    toc = "\n".join(f"notebooks/{p.stem}" for p in pages)
    return (
        text.rstrip()
        + "\n\n## Contents of this site\n\n"
        + f"```{{toctree}}\n:caption: Notebooks\n:maxdepth: 1\n\n{toc}\n```\n\n"
        + "```{toctree}\n:caption: For teachers and maintainers\n:maxdepth: 1\n\n"
        + "teaching\napi\ncontributing\n```\n"
    )


def api_page():
    sys.path.insert(0, str(ROOT))
    import lj_helpers

    lines = [
        "# API reference: `lj_helpers`",
        "",
        "Every public name of `lj_helpers` (its `__all__`), documented from its numpydoc",
        "docstrings. The notebooks use nothing else.",
        "",
        "```{eval-rst}",
        ".. module:: lj_helpers",
        "",
    ]
    for name in lj_helpers.__all__:
        obj = getattr(lj_helpers, name)
        if inspect.isclass(obj) and issubclass(obj, BaseException):
            lines += [f".. autoexception:: lj_helpers.{name}", ""]
        elif inspect.isclass(obj):
            lines += [
                f".. autoclass:: lj_helpers.{name}",
                "   :members:",
                "   :inherited-members:",
                "",
            ]
        elif callable(obj):
            lines += [f".. autofunction:: lj_helpers.{name}", ""]
        else:
            lines += [f".. autodata:: lj_helpers.{name}", "   :no-value:", ""]
    lines.append("```")
    return "\n".join(lines) + "\n"


def main(argv):
    if len(argv) != 2:
        sys.exit("usage: python docs/prepare.py OUT_DIR")
    out = Path(argv[1]).resolve()
    under_build = (ROOT / "build") in out.parents
    if ROOT in [out, *out.parents] and not under_build:
        sys.exit(f"{out}: stage the sources under build/ (git-ignored), e.g. build/site-src")
    if out.exists() and not under_build and any(out.iterdir()):
        sys.exit(f"{out} is not empty; outside build/, stage into a new or empty folder")
    if out.exists():
        shutil.rmtree(out)
    (out / "notebooks").mkdir(parents=True)
    shutil.copy(DOCS / "conf.py", out / "conf.py")
    shutil.copytree(DOCS / "_static", out / "_static")
    base = binder_base()
    pages = notebooks()
    titles = [(p, title(nbformat.read(p, as_version=4), p.stem)) for p in pages]
    for i, path in enumerate(pages):
        previous = titles[i - 1] if i > 0 else None
        following = titles[i + 1] if i + 1 < len(titles) else None
        stage_notebook(path, out / "notebooks", base, previous, following)
    (out / "index.md").write_text(landing_page(base, pages))
    (out / "teaching.md").write_text((ROOT / "TEACHING.md").read_text())
    (out / "contributing.md").write_text((ROOT / "CONTRIBUTING.md").read_text())
    (out / "api.md").write_text(api_page())
    print(f"staged {len(pages)} notebooks and the other pages in {out}")


if __name__ == "__main__":
    main(sys.argv)
