"""Notebook 04: its pinned outputs and its claims, from one Run All (see conftest.py).

``curve`` is the complement protocol (500 repeats, test on the points left out), ``grid_curve``
the fixed 500-point grid; split i of size N trains on ``random_orderings(50, n)[i, :N]``.
"""

import numpy as np
import pytest

NOTEBOOK = "04_learning_curves.ipynb"


def test_pinned_output(notebook, pinned_cell):
    notebook.check_pinned(pinned_cell)


def test_hand_written_loop_gives_the_same_numbers_as_learning_curve(notebook):
    assert notebook.value("largest") < 1e-10
    assert notebook.value("same_rows")


def test_more_repeats_only_append_orderings_so_the_2000_splits_contain_the_500(notebook):
    assert "the first 500 of 2000 orderings are the 500 orderings: True" in notebook.stdout(
        r"the first 500 of 2000 orderings"
    )


def test_complement_curve_is_slow_and_its_median_falls_much_faster(notebook):
    nu = notebook.value("fit.nu")
    assert nu == pytest.approx(-0.715, abs=0.01)
    median = notebook.value("curve").groupby("n_train")["mae"].median()
    slope = np.polyfit(np.log(median.index.to_numpy(float)), np.log(median.to_numpy()), 1)[0]
    assert slope < 1.8 * nu  # Exercise 2: about -1.45 against -0.715


def test_complement_local_slopes_drift_so_the_curve_is_not_a_power_law(notebook):
    slopes = notebook.value("slopes")
    np.testing.assert_allclose(slopes["slope"], notebook.value("by_hand")["slope"])
    assert slopes["slope"].iloc[0] > -0.45  # N = 5 -> 10
    assert slopes["slope"].iloc[2:5].min() < -0.75  # N = 15 -> 30
    assert slopes["ci_low"].iloc[0] > slopes["ci_high"].iloc[4]  # the drift is beyond the noise
    assert not notebook.value("fit.is_power_law")


def test_means_miss_the_line_systematically_in_standard_errors(notebook):
    miss = notebook.value("miss")
    assert miss[5] < -20  # 27 standard errors below
    assert (miss.loc[[10, 15, 20, 25]] > 2).all()  # 2.6 to 6.3 above
    assert (miss.loc[[30, 35, 40, 45, 47]].abs() < 1.5).all()  # about one standard error


def test_median_curve_jumps_where_the_median_split_starts_to_train_on_the_wall(notebook):
    curve, sizes = notebook.value("curve"), notebook.value("sizes")
    order = notebook.value("order_500")
    median = curve.groupby("n_train")["mae"].median()
    slopes = np.diff(np.log(median.to_numpy())) / np.diff(np.log(sizes))
    assert slopes[3] > -1.0 > -3.0 > slopes[4]  # 20 -> 25 about -0.56, 25 -> 30 about -3.65
    table = curve.pivot(index="repeat", columns="n_train", values="mae")
    for n, out in ((5, True), (25, True), (30, False), (47, False)):
        wall_out = (order[:, :n] != 0).all(axis=1)
        assert wall_out[np.argsort(table[n].to_numpy())[250]] == out
    assert (order[:, :25] != 0).all(axis=1).mean() > 0.5  # wall-out splits are the majority


def test_grid_curve_steepens_even_on_splits_that_train_on_both_ends(notebook):
    slopes = notebook.value("ends_slopes")
    assert slopes[0] > -1.2
    assert slopes[-2:].max() < -4  # finite pool: beyond the -2 of evenly spaced points


def test_ten_repeat_grid_means_lie_mostly_below_the_500_repeat_means(notebook):
    grid = notebook.value("grid_curve").pivot(index="repeat", columns="n_train", values="mae")
    assert (grid.iloc[:10].mean() < grid.mean()).sum() == 9


def test_laplacian_on_evenly_spaced_points_learns_as_n_to_the_minus_two(notebook):
    slopes = notebook.value("even_slopes['Laplacian']")
    np.testing.assert_allclose(slopes[-3:], -2.0, atol=0.05)


def test_gaussian_on_evenly_spaced_points_is_faster_than_any_power_law_then_hits_a_floor(notebook):
    slopes = notebook.value("even_slopes['Gaussian']")
    assert slopes.min() < -6
    assert np.argmin(slopes) > 1  # it steepens first ...
    assert slopes[-1] > -1.5  # ... and flattens at the floor set by alpha


def test_grid_curve_is_lower_steeper_and_bends_ever_more_steeply(notebook):
    nu, nu_grid = notebook.value("fit.nu"), notebook.value("fit_grid.nu")
    assert nu_grid == pytest.approx(-1.617, abs=0.01)
    assert nu_grid < 2 * nu
    assert not notebook.value("fit_grid.is_power_law")
    low, high = notebook.value("fit_grid.nu_ci")
    assert high - low > 0.5  # the interval includes the misfit
    both = notebook.value("both")
    assert (both["fixed grid"] < both["complement"]).all()
    slopes = notebook.value("slopes_grid")["slope"].to_numpy()
    assert np.all(np.diff(slopes) < 0)
    assert slopes[0] > -0.6
    assert slopes[-1] < -5


def test_wall_point_is_tested_with_probability_50_minus_n_over_50(notebook):
    order = notebook.value("order")  # Exercise 1's cell: the 2000 orderings
    assert order.shape == (2000, 50)
    position = np.argmax(order == 0, axis=1)
    for n_train in (5, 25, 45):
        p = (50 - n_train) / 50
        assert abs(np.mean(position >= n_train) - p) < 3 * np.sqrt(p * (1 - p) / 2000)


def test_cholesky_factor_of_a_prefix_is_the_prefix_of_the_factor(notebook):
    L_10, L_all = notebook.value("L_10"), notebook.value("L_all")
    np.testing.assert_allclose(L_10, L_all[:10, :10], atol=1e-12)
