"""Notebook 02: its pinned outputs and its claims, from one Run All (see conftest.py).

Split 19 (``both_ends``) is the first of the 2000 splits that trains on both end points.
The bump (feature) tables are printed by loops and kept in no variable, so their claims
read the printed rows of this run; the claims hold far from the printed rounding.
The 2000-split error analysis moved to notebook 03 (test_03_where_the_error_comes_from.py).
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


def test_kernel_ridge_on_split_19_is_accurate_without_noise(notebook):
    line = notebook.stdout(r"test MAE on split 19")
    assert float(re.search(r"split 19: ([\d.]+) epsilon", line).group(1)) < 0.1  # printed 0.067


def test_random_cosine_features_approach_the_laplacian_kernel(notebook):
    gaps = [
        float(g) for g in re.findall(r"= ([\d.]+)$", notebook.stdout(r"for n_features in"), re.M)
    ]
    assert len(gaps) == 3
    assert gaps[0] > 0.3  # M = 10: nothing like the kernel
    assert gaps[0] > gaps[1] > gaps[2]
    assert notebook.value("gap") < 0.02  # M = 1e5 (the loop's last), printed 0.004


def test_small_alpha_overfits_large_alpha_underfits_noisy_data(notebook):
    train, test, alphas = (notebook.value(v) for v in ("train_a", "test_a", "ALPHAS"))
    best = np.argmin(test)
    assert train[0] < 1e-3 < test[0]
    assert test[0] == pytest.approx(0.097, abs=2e-3)
    assert test.min() == pytest.approx(0.082, abs=2e-3)
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


def test_at_the_shortest_length_scale_the_training_error_is_the_ridge_shrinkage(notebook):
    train, shrink = notebook.value("train_l"), notebook.value("shrink")
    assert abs(train[0] - shrink) < 0.01  # 0.061 against alpha/(1 + alpha) mean|y| = 0.064
    assert train[0] > train.min()  # not zero: alpha = 0.1 shrinks even an interpolating fit


def test_test_error_can_fall_below_the_expected_mean_noise(notebook):
    expected, actual = notebook.value("expected_abs_noise"), notebook.value("noise_floor")
    assert expected == pytest.approx(0.080, abs=5e-4)
    assert actual == pytest.approx(0.055, abs=5e-4)
    assert actual < notebook.value("test_l").min() < expected  # 0.055 < 0.071 < 0.080


def test_the_200_splits_train_on_both_ends(notebook):
    ends, order = notebook.value("ends"), notebook.value("order")
    assert len(ends) == 200
    assert ends[0] == 19
    assert all({0, 49} <= set(order[split, :25]) for split in ends)


def test_large_noise_wants_a_large_alpha(notebook):
    m, alphas = notebook.value("mean_mae[0.3]"), notebook.value("ALPHAS")
    assert 0.05 <= alphas[np.argmin(m)] <= 0.5  # printed 2e-01, near sigma_n^2 = 0.09
    assert m.min() / m[0] < 0.95  # 0.173 against 0.191 at alpha = 1e-6


@pytest.mark.parametrize("sd", [0.03, 0.1])
def test_small_noise_alpha_barely_matters_below_1e_2(sd, notebook):
    m, alphas = notebook.value(f"mean_mae[{sd}]"), notebook.value("ALPHAS")
    flat = m[alphas <= 1e-2]
    assert flat.max() - flat.min() < 2e-3
    assert m[0] - m.min() < 1e-6  # the smallest alpha is (to 1e-6) the best


def test_the_energies_vary_more_than_the_kernel_variance(notebook):
    assert notebook.value("y.var()") == pytest.approx(1.57, abs=0.01)
