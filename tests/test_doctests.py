"""Run the Examples sections of lj_helpers' docstrings as doctests (inside ``make test``)."""

import doctest

import matplotlib

import lj_helpers

matplotlib.use("Agg")


def test_docstring_examples_run_and_match():
    result = doctest.testmod(
        lj_helpers, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS, verbose=False
    )
    assert result.attempted > 30  # most public names carry an example
    assert result.failed == 0
