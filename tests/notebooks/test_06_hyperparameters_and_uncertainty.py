"""Notebook 06: its pinned outputs and its claims, from one Run All (see conftest.py)."""

import numpy as np
import pytest

NOTEBOOK = "06_hyperparameters_and_uncertainty.ipynb"


def test_pinned_output(notebook, pinned_cell):
    notebook.check_pinned(pinned_cell)


def test_smooth_kernel_then_inverse_distance_each_cut_the_error_several_fold(notebook):
    steps = {name: np.mean(maes) for name, maes in notebook.value("steps").items()}
    laplacian, gauss_r, gauss_inv = steps.values()
    assert 10 < laplacian / gauss_r < 20  # "about fifteen-fold"
    assert 6 < gauss_r / gauss_inv < 12  # "about nine-fold"
    assert 5e-2 < laplacian < 2e-1
    assert 5e-4 < gauss_inv < 2e-3


def test_honest_choices_stay_near_the_oracle_and_ml2_is_worse_on_average(notebook):
    results = {name: np.array(maes) for name, maes in notebook.value("results").items()}
    oracle, loo, ml = results["oracle (test set)"], results["leave-one-out"], results["ML-II"]
    assert loo.mean() < 2 * oracle.mean()
    assert ml.mean() > 2 * loo.mean()  # worse in the mean ...
    assert np.median(ml) < 1.5 * np.median(loo)  # ... but close in the median


def test_both_criteria_pick_the_grid_floor_alpha_every_time(notebook):
    floor = notebook.value("floor")
    assert floor == 1e-12
    for searches in ("loo_searches", "ml_searches"):
        alphas = notebook.value(f"[s.best_params_['alpha'] for s in {searches}]")
        assert alphas == [floor] * 20
    assert notebook.value("alpha_at_floor") == 60


def test_raising_the_alpha_floor_to_1e10_costs_a_factor_of_a_few(notebook):
    assert 1.5 < notebook.value("cost") < 5


def test_gp_error_bars_are_overconfident_inside_and_fail_on_the_wall(notebook):
    z = notebook.value("z_held_out")
    assert np.mean(z["interpolated"] < 1.96) < 0.8
    assert np.mean(z["interpolated"] < 1) < 0.5
    assert np.mean(z["wall"] < 1.96) < 0.05  # the wall: (almost) never covered
    assert np.mean(z["tail"] < 1.96) > 0.9  # the tail: covered


ALL, INTERIOR, FULL = "all LOO points", "interior LOO points", "full-data amplitude"


def test_loo_recalibration_overshoots_inside_and_fails_on_the_wall(notebook):
    # s from all leave-one-out points; scale[variant][kind]: s of each held-out point
    z, s = notebook.value("z_held_out"), notebook.value(f"scale[{ALL!r}]")
    assert np.median(notebook.value(f"scale_factors[{ALL!r}]")) > 2  # bars too narrow by ~3
    after_in = np.mean(z["interpolated"] / s["interpolated"] < 1.96)
    after_wall = np.mean(z["wall"] / s["wall"] < 1.96)
    assert after_in >= 0.95  # interpolated: at or above nominal (conservative)
    assert np.mean(z["interpolated"] / s["interpolated"] < 1) > 0.75  # overshoots 68%
    assert np.mean(z["wall"] < 1.96) < after_wall < 0.5  # the wall: better, far below 95%


def test_the_two_extrapolated_loo_endpoints_carry_a_large_share_of_the_z_scores(notebook):
    assert notebook.value("endpoint_z2 / all_z2") > 0.4  # printed 62%


def test_scale_factors_all_points_above_interior_above_one_full_amplitude_below_all(notebook):
    factors = notebook.value("scale_factors")
    med = {v: np.median(f) for v, f in factors.items()}
    assert len(factors[ALL]) == len(factors[INTERIOR]) == len(factors[FULL]) == 60
    assert med[ALL] > med[INTERIOR] > 1
    assert med[FULL] < med[ALL]
    assert med[FULL] > 1  # even the mildest recalibration widens the bars


@pytest.mark.parametrize("variant", [ALL, INTERIOR, FULL])
def test_every_recalibration_raises_the_interpolated_coverage(notebook, variant):
    z, s = (
        notebook.value("z_held_out['interpolated']"),
        notebook.value(f"scale[{variant!r}]['interpolated']"),
    )
    for c in (1, 1.96):
        assert np.mean(z / s < c) > np.mean(z < c) + 0.05  # printed rises of 18 to 32 points


def test_no_recalibration_rescues_the_wall(notebook):
    z, scale = notebook.value("z_held_out['wall']"), notebook.value("scale")
    for variant in (ALL, INTERIOR, FULL):
        assert np.mean(z / scale[variant]["wall"] < 1.96) < 0.5


def test_maximum_likelihood_amplitude_is_yAy_over_n(notebook):
    amplitude2 = notebook.value("krr.amplitude_**2")
    K = notebook.value("krr.gram_matrix(X_train, X_train)")
    y = notebook.value("y_train")
    expected = y @ np.linalg.solve(K + 1e-6 * np.eye(len(y)), y) / len(y)
    assert np.isclose(amplitude2, expected, rtol=1e-8)
