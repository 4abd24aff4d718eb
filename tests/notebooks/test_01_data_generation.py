"""Notebook 01: its pinned outputs and its claims, from one Run All (see conftest.py).

"The 2000 splits" are the notebook's ``order = lj.random_orderings(50, 2000, random_state=0)``;
split i trains on ``order[i, :25]`` and tests on ``order[i, 25:]``.
"""

import numpy as np
import pytest

import lj_helpers as lj

NOTEBOOK = "01_data_generation.ipynb"


def test_pinned_output(notebook, pinned_cell):
    notebook.check_pinned(pinned_cell)


def test_split_0_is_the_hand_made_seeded_permutation(notebook):
    order, perm = notebook.value("order"), notebook.value("perm")
    assert np.array_equal(order[0], perm)
    assert np.array_equal(perm, np.random.default_rng(0).permutation(50))  # seeded


def test_split_0_extrapolates_the_wall_point_and_both_far_points(notebook):
    X, order = notebook.value("X"), notebook.value("order")
    train, test = X[order[0, :25]], X[order[0, 25:]]
    outside = lj.outside_training_range(train, test)[:, 0]
    assert sorted(np.round(test[outside, 0], 4)) == [0.9, 1.9776, 2.0]
    assert train[:, 0].min() == pytest.approx(0.9224, abs=1e-4)


def test_about_half_of_the_splits_leave_the_wall_end_out(notebook):
    assert notebook.value("left_out").sum() == 983  # "983, or 49.1%"


def test_about_three_quarters_of_the_splits_extrapolate_somewhere(notebook):
    n_out = notebook.value("n_outside")
    assert np.mean(n_out > 0) == pytest.approx(0.764, abs=5e-4)
    assert n_out.mean() == pytest.approx(1.91, abs=5e-3)


def test_wall_points_beyond_training_range_counts(notebook):
    n = notebook.value("n_wall_beyond")
    assert [np.sum(n == 0), np.sum(n == 1), np.sum(n == 2), np.sum(n >= 3)] == [1017, 518, 248, 217]


def test_wall_counts_match_the_combinatorial_prediction(notebook):
    n = notebook.value("n_wall_beyond")
    p = [np.prod([(25 - j) / (50 - j) for j in range(k)]) for k in range(4)]
    predicted = [1 - p[1], p[1] - p[2], p[2] - p[3], p[3]]
    observed = [np.mean(n == 0), np.mean(n == 1), np.mean(n == 2), np.mean(n >= 3)]
    assert np.allclose(observed, predicted, atol=3 * np.sqrt(0.25 / 2000))


def test_count_below_smallest_training_distance_includes_r_above_sigma_in_24_splits(notebook):
    assert np.sum(notebook.value("n_wall_beyond") > 5) == 24  # all five wall points, r = 1.012


def test_five_wall_points_and_trivial_model_error(notebook):
    assert np.sum(notebook.value("X")[:, 0] < 1.0) == 5
    assert np.abs(notebook.value("y_grid")).mean() == pytest.approx(0.5982, abs=5e-5)
