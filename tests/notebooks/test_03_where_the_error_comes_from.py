"""Notebook 03: its pinned outputs and its claims, from one Run All (see conftest.py).

``residuals`` (2000 x 25, prediction minus truth) holds the test errors of the blog's model
(Laplacian, length scale 0.1, alpha 1e-9) on the 2000 seeded splits; ``outside`` and
``wall`` are the 2000 x 25 masks of extrapolated test points and of test points at r < 1.
Split 19 (``both_ends``) is the first split that trains on both end points.
"""

import re

import numpy as np
import pytest

NOTEBOOK = "03_where_the_error_comes_from.ipynb"


def test_pinned_output(notebook, pinned_cell):
    notebook.check_pinned(pinned_cell)


def test_split_0_leaves_the_wall_out_and_split_19_trains_on_it(notebook):
    assert notebook.value("both_ends") == 19
    assert notebook.value("0 in order[0, :25]") is False
    assert notebook.value("0 in order[19, :25]") is True


def test_the_maes_are_the_mean_absolute_residuals_of_the_2000_splits(notebook):
    residuals, maes = notebook.value("residuals"), notebook.value("maes")
    assert residuals.shape == (2000, 25)
    assert np.allclose(np.abs(residuals).mean(axis=1), maes, rtol=0, atol=1e-12)


def test_2000_split_summary_mean_above_median(notebook):
    maes = notebook.value("maes")
    assert maes.mean() == pytest.approx(0.202, abs=1e-3)
    assert np.median(maes) == pytest.approx(0.173, abs=1e-3)
    assert np.quantile(maes, 0.05) == pytest.approx(0.041, abs=1e-3)
    assert np.quantile(maes, 0.95) == pytest.approx(0.552, abs=1e-3)
    assert maes.mean() > np.median(maes) + 0.02  # a long tail of bad splits


def test_the_blogs_error_is_a_typical_split(notebook):
    maes, blog = notebook.value("maes"), notebook.value("blog")
    assert np.mean(maes < blog) == pytest.approx(0.53, abs=5e-3)


def test_splits_by_number_of_test_points_below_the_smallest_training_r(notebook):
    groups = notebook.value("{k: int(v.sum()) for k, v in groups.items()}")
    assert groups == {"0": 1017, "1": 518, "2": 248, ">=3": 217}  # exact: seeded orderings


def test_each_extrapolated_wall_point_moves_the_hump(notebook):
    maes, groups = notebook.value("maes"), notebook.value("groups")
    medians = [np.median(maes[g]) for g in groups.values()]
    assert medians == pytest.approx([0.072, 0.197, 0.344, 0.523], abs=1e-3)
    assert np.all(np.diff(medians) > 0.1)


def test_split_0_error_is_mostly_its_missed_wall_point(notebook):
    assert abs(notebook.value("miss")) / 25 == pytest.approx(0.136, abs=1e-3)
    assert notebook.value("maes[0]") == pytest.approx(0.185, abs=1e-3)
    assert notebook.value("miss") < -3  # predicts 3.23 where the truth is 6.64


def test_split_19_interpolated_wall_points_carry_most_of_its_error(notebook):
    X, te, err19 = (notebook.value(v) for v in ("X", "order[both_ends, 25:]", "err19"))
    wall = X[te, 0] < 1.0
    assert sorted(np.round(X[te][wall, 0], 3)) == [0.922, 0.945]
    assert sorted(err19[wall]) == pytest.approx([0.483, 0.536], abs=1e-3)
    assert np.abs(err19[wall]).sum() / np.abs(err19).sum() == pytest.approx(0.60, abs=5e-3)
    assert notebook.value("maes[both_ends]") == pytest.approx(0.067, abs=1e-3)


def test_split_19_residual_peaks_on_the_wall(notebook):
    peak, r_plot = notebook.value("peak"), notebook.value("r_plot")
    assert peak.max() == pytest.approx(0.575, abs=1e-3)
    assert r_plot[np.argmax(peak)] < 1.0


def test_the_loop_equals_the_stacked_solve(notebook):
    assert notebook.value("np.allclose(stacked, residuals, rtol=0, atol=1e-10)")
    assert notebook.value("K_train_all.shape") == (2000, 25, 25)


def test_wall_interpolation_always_over_extrapolation_always_under(notebook):
    residuals = notebook.value("residuals")
    outside, wall = notebook.value("outside"), notebook.value("wall")
    interpolated, extrapolated = wall & ~outside, wall & outside
    assert (interpolated.sum(), np.sum(residuals[interpolated] > 0)) == (3160, 3160)
    assert (extrapolated.sum(), np.sum(residuals[extrapolated] > 0)) == (1809, 0)


def test_every_interpolated_point_is_predicted_above_truth_with_a_margin(notebook):
    residuals, outside = notebook.value("residuals"), notebook.value("outside")
    assert (~outside).sum() == 46180
    assert np.sum(residuals[~outside] > 0) == 46180
    assert np.abs(residuals[~outside]).min() > 1e-4  # the sign is not a rounding accident


def test_extrapolated_wall_points_carry_most_of_the_error(notebook):
    err = notebook.value("abs_err")
    beyond = notebook.value("wall & outside")
    assert np.mean(beyond) == pytest.approx(0.036, abs=5e-4)
    assert err[beyond].sum() / err.sum() == pytest.approx(0.62, abs=5e-3)


def test_interpolated_wall_points_carry_14_percent_45_in_splits_training_on_the_wall(notebook):
    err, interp_wall = notebook.value("abs_err"), notebook.value("wall & ~outside")
    assert err[interp_wall].sum() / err.sum() == pytest.approx(0.14, abs=5e-3)
    assert notebook.value("trains_wall_end").sum() == 1017
    assert notebook.value("share_in") == pytest.approx(0.45, abs=5e-3)


def test_maximum_principle_holds_for_ell_01_and_02_only(notebook):
    rows = re.findall(
        r"ell = +([\d.]+): U'' - U/ell\^2 > 0 (everywhere|fails)",
        notebook.stdout(r"curvature = 4 \*"),
    )
    holds = {float(ell): verdict == "everywhere" for ell, verdict in rows}
    assert holds == {0.05: False, 0.1: True, 0.2: True, 0.3: False}
