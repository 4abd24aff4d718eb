"""Notebook 02: its pinned outputs and its claims, from one Run All (see conftest.py).

Split 19 (``both_ends``) is the first of the 2000 splits that trains on both end points.
The bump (feature) tables are printed by loops and kept in no variable, so their claims
read the printed rows of this run; the claims hold far from the printed rounding.
"""

import re

import numpy as np
import pytest

NOTEBOOK = "02_kernel_fitting.ipynb"


def test_pinned_output(notebook, pinned_cell):
    notebook.check_pinned(pinned_cell)


def table(notebook, pattern):
    """The numeric rows a loop printed, as floats (first column: the row's key)."""
    rows = []
    for line in notebook.stdout(pattern).splitlines():
        numbers = re.findall(r"[-+]?\d+(?:\.\d*)?(?:e[-+]\d+)?", line)
        if numbers and line.strip()[0].isdigit():
            rows.append([float(n) for n in numbers])
    return {row[0]: row[1:] for row in rows}


def bumps_table(notebook):  # M -> training MAE, test MAE, largest |w|, cond(Phi)
    return table(notebook, r"for n_bumps, colour in M_COLOUR")


def ridge_table(notebook):  # alpha -> training MAE, test MAE, largest |w|, change from nudge
    return table(notebook, r"for alpha in \(1e-8, 1e-4, 1e-2, 1.0\)")


def test_split_19_is_the_first_to_train_on_both_ends(notebook):
    assert notebook.value("both_ends") == 19


def test_few_bumps_underfit_and_as_many_bumps_as_points_overfit(notebook):
    m = bumps_table(notebook)
    assert m[4][0] > 0.5  # underfitting: even the training error is large
    assert m[25][0] < 1e-3  # passes through every training point (printed 0.000) ...
    assert m[25][1] > m[12][1]  # ... but predicts worse: overfitting
    assert m[25][2] > 1e5


def test_ridge_shrinks_weights_stabilises_and_lowers_test_error(notebook):
    unregularised = bumps_table(notebook)[25]
    ridge = ridge_table(notebook)[1e-8]
    assert ridge[3] < 0.01  # alpha = 1e-8: the nudge moves predictions by 1e-3 ...
    nudged = re.search(r"change by up to ([\d.]+) epsilon", notebook.stdout(r"w_nudged = np\.li"))
    assert float(nudged.group(1)) > 1.0  # ... least squares by whole units of epsilon
    assert ridge[2] < 1e3 < unregularised[2]
    assert ridge[1] < 0.2 * unregularised[1]
    assert ridge[0] > unregularised[0]  # bias: a larger training error


def test_ridge_training_error_grows_with_alpha_test_error_not_monotone(notebook):
    rows = ridge_table(notebook)
    train = [rows[a][0] for a in (1e-8, 1e-4, 1e-2, 1.0)]
    test = [rows[a][1] for a in (1e-8, 1e-4, 1e-2, 1.0)]
    assert np.all(np.diff(train) > 0)
    assert test[2] > test[3]  # 0.141 at 1e-2, 0.126 at 1
    assert train[3] > test[3]  # 0.310 > 0.126


def test_one_tall_bump_on_the_wall_carries_it_and_all_others_are_negative(notebook):
    c, X_train = notebook.value("c"), notebook.value("X_train")
    assert c[X_train[:, 0] == 0.9][0] == pytest.approx(8.2, abs=0.05)
    assert np.all(c[X_train[:, 0] != 0.9] < 0)


def test_laplacian_stays_conditioned_gaussian_does_not(notebook):
    conds = re.findall(r"(\w+), ell = 0.3, alpha = (\S+): condition number (\S+)",
                       notebook.stdout(r"for name, kernel in"))  # fmt: skip
    cond = {(name, float(a)): float(c) for name, a, c in conds}
    assert cond["Laplacian", 1e-12] < 1e3
    assert cond["Gaussian", 1e-12] > 1e12


def test_gaussian_condition_number_is_lambda_max_over_alpha(notebook):
    K = notebook.value("K_")  # the loop's last: the Gaussian Gram matrix, ell = 0.3
    lam_max = np.linalg.eigvalsh(K)[-1]
    assert round(lam_max) == 14
    for a in (1e-12, 1e-9):
        assert np.linalg.cond(K + a * np.eye(len(K))) == pytest.approx(lam_max / a, rel=0.05)


def test_learning_curve_uses_the_2000_splits(notebook):
    residuals, maes = notebook.value("residuals"), notebook.value("maes")
    assert residuals.shape == (2000, 25)
    assert np.allclose(np.abs(residuals).mean(axis=1), maes, atol=1e-12)


def test_2000_split_summary(notebook):
    maes = notebook.value("maes")
    assert maes.mean() == pytest.approx(0.202, abs=5e-4)
    assert np.median(maes) == pytest.approx(0.173, abs=5e-4)
    assert np.quantile(maes, 0.05) == pytest.approx(0.041, abs=5e-4)
    assert np.quantile(maes, 0.95) == pytest.approx(0.552, abs=5e-4)
    assert maes.mean() > np.median(maes)
    assert np.mean(maes < notebook.value("blog")) == pytest.approx(0.53, abs=5e-3)


def test_each_extrapolated_wall_point_moves_the_hump(notebook):
    maes, groups = notebook.value("maes"), notebook.value("groups")
    medians = [np.median(maes[g]) for g in groups.values()]
    assert medians == pytest.approx([0.072, 0.197, 0.344, 0.523], abs=5e-4)


def test_wall_interpolation_always_over_extrapolation_always_under(notebook):
    residuals = notebook.value("residuals")
    outside, wall = notebook.value("outside"), notebook.value("wall")
    assert (wall & ~outside).sum() == 3160
    assert (wall & outside).sum() == 1809
    assert np.all(residuals[wall & ~outside] > 0)
    assert np.all(residuals[wall & outside] < 0)
    assert np.all(residuals[~outside] > 0)  # with ell = 0.1 every interpolated point


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


def test_split_0_error_is_mostly_its_wall_point(notebook):
    assert abs(notebook.value("miss")) / 25 == pytest.approx(0.136, abs=5e-4)
    assert notebook.value("maes")[0] == pytest.approx(0.185, abs=5e-4)


def test_split_19_interpolated_wall_points_carry_most_of_its_error(notebook):
    X, te, err19 = notebook.value("X"), notebook.value("te"), notebook.value("err19")
    wall = X[te, 0] < 1.0
    assert sorted(np.round(X[te][wall, 0], 3)) == [0.922, 0.945]
    assert sorted(err19[wall]) == pytest.approx([0.483, 0.536], abs=5e-4)
    assert np.abs(err19[wall]).sum() / np.abs(err19).sum() == pytest.approx(0.60, abs=5e-3)
    peak, r_plot = notebook.value("peak"), notebook.value("r_plot")
    assert peak.max() == pytest.approx(0.575, abs=5e-4)
    assert r_plot[np.argmax(peak)] < 1.0  # the peak is on the wall


def test_small_alpha_overfits_large_alpha_underfits_noisy_data(notebook):
    train, test, alphas = (notebook.value(v) for v in ("train_a", "test_a", "ALPHAS"))
    best = np.argmin(test)
    assert train[0] < 1e-3 < test[0]
    assert test[0] > test[best] + 0.01  # 0.097 against 0.082
    assert 0 < best < len(alphas) - 1
    assert alphas[best] == pytest.approx(0.1, rel=0.5)
    assert train[-1] > 0.5
    assert test[-1] > 0.5


def test_short_length_scale_overfits_long_one_underfits_noisy_data(notebook):
    train, test = notebook.value("train_l"), notebook.value("test_l")
    best = np.argmin(test)
    assert 0 < best < len(test) - 1
    assert test[0] > 5 * train[0]  # 0.55 against 0.061
    assert train[-1] > 0.3
    assert test[-1] > 0.3


def test_test_error_can_fall_below_the_expected_mean_noise(notebook):
    expected, actual = notebook.value("expected_abs_noise"), notebook.value("noise_floor")
    assert expected == pytest.approx(0.080, abs=5e-4)
    assert actual == pytest.approx(0.055, abs=5e-4)
    assert actual < notebook.value("test_l").min() < expected  # 0.055 < 0.071 < 0.080
