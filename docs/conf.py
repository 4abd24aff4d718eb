"""Sphinx configuration of the series' website (``make site``).

The sources are not this folder: ``docs/prepare.py`` stages them (README as the landing
page, the notebooks found by glob, the teacher's guide, a generated API page) into
``build/site-src`` next to a copy of this file, and Sphinx builds that into ``build/site``.
Nothing is executed: every figure and output is the one stored in the notebook.
"""

import sys
from pathlib import Path

# The repository root, so that autodoc imports this checkout's lj_helpers.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

project = "Kernel learning of a Lennard-Jones potential"
author = "the series' authors"
copyright = "the series' authors"  # noqa: A001 (Sphinx's setting name)

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    # MathJax 3 shipped in the site (_static/mathjax), so formulas render offline too.
    "sphinx-mathjax-offline",
]

# Build from the stored outputs only; never run a notebook.
nb_execution_mode = "off"
# The widgets need a live kernel: prepare.py replaces their outputs by a note and drops
# their state, so no widget JavaScript is loaded from a CDN.
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_heading_anchors = 3
suppress_warnings = ["myst.header", "mystnb.unknown_mime_type"]

# numpydoc docstrings, read by napoleon (part of Sphinx).
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
napoleon_use_ivar = True  # "Attributes" as a field list: no duplicate object entries
autodoc_member_order = "bysource"
autodoc_typehints = "none"

exclude_patterns = ["**.ipynb_checkpoints", "solutions"]
html_theme = "sphinx_book_theme"
html_title = "Kernel learning of a Lennard-Jones potential"
html_static_path = ["_static"]
html_css_files = ["site.css"]
html_last_updated_fmt = None
html_theme_options = {
    "use_download_button": True,
    "use_fullscreen_button": False,
    "show_toc_level": 2,
    "home_page_in_toc": True,
    "navigation_with_keys": False,
}
html_copy_source = True


def _skip_foreign_members(app, what, name, obj, skip, options):
    """Leave out members a class inherits from scikit-learn or ASE (set_fit_request...)."""
    module = getattr(obj, "__module__", None)
    if what == "class" and isinstance(module, str) and not module.startswith("lj_helpers"):
        return True
    return None


def setup(app):
    app.connect("autodoc-skip-member", _skip_foreign_members)
