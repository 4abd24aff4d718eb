"""Notebook 05: its pinned outputs and its claims, from one Run All (see conftest.py).

``runs`` holds the 2000 split MAEs at N = 25 without and with the blog's wall prior; two MAEs
closer than the notebook's ``TIE`` are a tie. ``curves`` holds the 500-repeat learning curves
of both protocols, ``pairs`` their paired with-minus-without summaries.
"""

import re

import numpy as np
import pytest

NOTEBOOK = "05_priors.ipynb"


def test_pinned_output(notebook, pinned_cell):
    notebook.check_pinned(pinned_cell)


def test_delta_learning_in_three_lines_equals_the_prior_argument(notebook):
    assert notebook.value("same")


def test_split_0_leaves_the_wall_out_and_the_prior_rescues_the_extrapolation(notebook):
    assert notebook.value("wall_left_out[0]")
    errors = re.findall(r"(without|with) prior: predicts \S+ at r = 0.9, error ([\d.]+)",
                        notebook.stdout(r"r_min = X\[order\[0, :25\], 0\]\.min\(\)"))  # fmt: skip
    miss = {name: float(e) for name, e in errors}
    assert miss["without"] > 3
    assert miss["with"] < 1


def test_prior_is_worse_on_about_two_in_five_splits_counting_ties_apart(notebook):
    difference, tie = notebook.value("difference"), notebook.value("tie")
    TIE, runs = notebook.value("TIE"), notebook.value("runs")
    assert tie.sum() == 97
    assert (difference >= TIE).sum() == 756
    assert (difference <= -TIE).sum() == 1147
    # the gap between ties and decisions is wide, so rounding cannot move a split across it
    assert np.abs(difference[tie]).max() < 1e-9
    assert np.abs(difference[~tie]).min() > 1e-4
    assert np.mean(runs["with"] < 0.2218) > 0.9  # the blog's split is in the unlucky tail


def test_ties_are_exactly_the_splits_that_train_on_the_four_smallest_distances(notebook):
    assert np.array_equal(notebook.value("tie"), notebook.value("four_smallest"))


def test_prior_never_loses_when_the_wall_is_left_out_and_mostly_loses_otherwise(notebook):
    difference, tie = notebook.value("difference"), notebook.value("tie")
    left_out, TIE = notebook.value("wall_left_out"), notebook.value("TIE")
    assert left_out.sum() == 983
    assert (difference[left_out] < -TIE).all()
    decided = ~left_out & ~tie
    assert np.mean(difference[decided] > 0) > 0.75


def test_gain_parts_add_up_and_extrapolation_is_more_than_the_whole_net_gain(notebook):
    errors, runs, parts = notebook.value("errors"), notebook.value("runs"), notebook.value("parts")
    for name in ("without", "with"):
        np.testing.assert_allclose(errors[name].mean(axis=1), runs[name], rtol=0, atol=1e-8)
        assert sum(parts[name]) == pytest.approx(runs[name].mean(), abs=1e-10)
    gain_in, gain_out = notebook.value("gain_in"), notebook.value("gain_out")
    assert gain_in < 0  # the prior makes interpolation slightly worse
    assert 1.05 < gain_out / (gain_in + gain_out) < 1.2  # 113%


def slope_difference(notebook, protocol):
    return notebook.value(
        f"average_slope_difference(curves[{protocol!r}, 'without'], curves[{protocol!r}, 'with'])"
    )


def test_complement_protocol_same_slope_lower_offset(notebook):
    boot = notebook.value(
        "fits['complement', 'with'].nu_bootstrap - fits['complement', 'without'].nu_bootstrap"
    )
    low, high = np.percentile(boot, [2.5, 97.5])
    assert low < 0 < high
    d_nu, (low, high) = slope_difference(notebook, "complement")
    assert abs(d_nu) < 0.05
    assert low < 0 < high
    pairs = notebook.value("pairs['complement']")
    assert pairs["ratio"].between(0.54, 0.66).all()  # the same curve shifted down: 0.55 to 0.65
    assert (pairs["diff"] < 0).all()


def test_grid_protocol_prior_flattens_the_curve(notebook):
    nu = notebook.value("{key[1]: fit.nu for key, fit in fits.items() if key[0] == 'fixed grid'}")
    assert nu["without"] == pytest.approx(-1.617, abs=0.01)
    assert nu["with"] == pytest.approx(-1.290, abs=0.01)
    assert not notebook.value("any(fit.is_power_law for fit in fits.values())")
    d_nu, (low, high) = slope_difference(notebook, "fixed grid")
    assert d_nu == pytest.approx(0.33, abs=0.01)
    assert 0.25 < low < high < 0.45  # repeat noise only: [0.30, 0.36]
    r = notebook.value("pairs['fixed grid']['ratio']")
    assert (np.diff(r.to_numpy())[1:] > 0).all()  # rises from N = 10 on ...
    assert r[10] < r[5] < 0.7  # ... after a dip from 0.65 ...
    assert r[47] > 1.3  # ... to 1.39
    with_slopes = notebook.value("slopes['fixed grid', 'with']['slope'].to_numpy()")
    without_slopes = notebook.value("slopes['fixed grid', 'without']['slope'].to_numpy()")
    assert (with_slopes[1:] > without_slopes[1:]).all()  # flatter from N = 10-15 on


def test_grid_protocol_prior_is_worse_at_45_and_47_but_not_significantly_at_40(notebook):
    stats = notebook.value("pairs['fixed grid']")
    assert (stats.loc[[5, 10, 15, 20, 25, 30, 35], "diff"] < 0).all()
    assert (stats.loc[[40, 45, 47], "diff"] > 0).all()
    assert (stats.loc[[45, 47], "diff"] > 2 * stats.loc[[45, 47], "sem"]).all()
    assert stats.loc[40, "diff"] < 2 * stats.loc[40, "sem"]  # 1.75 standard errors


def test_on_wall_trained_splits_the_prior_is_worse_by_a_wide_distribution(notebook):
    r = notebook.value("ratio")  # with / without, wall trained on, no tie
    assert 1.0 < np.median(r) < 1.2  # 1.10
    assert 1.6 < np.percentile(r, 90) < 2.0  # 1.81
    assert 2.2 < r.max() < 2.8  # 2.5
