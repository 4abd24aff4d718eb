"""Remove per-cell execution timestamps (``metadata.execution``) from notebooks.

``make run`` calls this after nbconvert, so a re-run notebook differs from the stored
one only where its outputs changed. Nothing but that metadata key is touched, and a
notebook without it is not rewritten.

    python tools/strip_timings.py notebooks/*.ipynb
"""

import sys

import nbformat


def strip_timings(nb):
    """Delete ``metadata.execution`` from every cell of ``nb`` in place; return how many."""
    removed = 0
    for cell in nb.cells:
        if "execution" in cell.get("metadata", {}):
            del cell.metadata["execution"]
            removed += 1
    return removed


def main(paths):
    for path in paths:
        nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
        if strip_timings(nb):
            nbformat.write(nb, path)


if __name__ == "__main__":
    main(sys.argv[1:])
