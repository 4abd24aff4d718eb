"""Claims notebooks 01 and 02 make, pinned so that a code change cannot silently falsify them."""

import numpy as np
from sklearn.model_selection import train_test_split

import lj_helpers as lj

X, Y = lj.dimer_dataset()
X_GRID, Y_GRID = lj.dimer_dataset(n_points=500)
PLAIN = lj.LaplacianKernelRidge(length_scale=0.1, alpha=1e-9)


def splits(n, train_size=25):
    for seed in range(n):
        yield train_test_split(X, Y, train_size=train_size, random_state=seed)


# 01 -------------------------------------------------------------------------------------


def test_01_most_half_splits_extrapolate_and_about_half_on_the_wall():
    any_outside, wall_side = [], []
    for X_tr, X_te, _, _ in splits(1000):
        mask = lj.outside_training_range(X_tr, X_te)[:, 0]
        any_outside.append(mask.any())
        wall_side.append(np.any(X_te[mask, 0] < X_tr.min()))
    assert 0.7 < np.mean(any_outside) < 0.8  # "three quarters"
    assert 0.45 < np.mean(wall_side) < 0.55  # "about half"


def test_01_few_wall_points_carry_most_of_the_energy_range():
    assert np.sum(X[:, 0] < 1.0) == 5
    wall = Y_GRID > 0
    assert 0.08 < wall.mean() < 0.10  # "about 9% of the grid"


# 02 -------------------------------------------------------------------------------------


def test_02_blog_single_split_is_an_ordinary_draw_from_two_humps():
    maes, left_out = [], []
    for X_tr, X_te, y_tr, y_te in splits(2000):
        maes.append(np.mean(np.abs(PLAIN.fit(X_tr, y_tr).predict(X_te) - y_te)))
        left_out.append(0.9 in X_te)
    maes, left_out = np.array(maes), np.array(left_out)
    assert 0.4 < np.mean(maes < 0.1772) < 0.65
    assert maes.mean() > np.median(maes)
    assert np.median(maes[left_out]) > 3 * np.median(maes[~left_out])  # "several times larger"


def test_02_wall_interpolation_overestimates_and_extrapolation_underestimates():
    above_in, above_out = [], []
    for X_tr, X_te, y_tr, y_te in splits(300):
        residual = PLAIN.fit(X_tr, y_tr).predict(X_te) - y_te
        wall = X_te[:, 0] < 1.0
        outside = lj.outside_training_range(X_tr, X_te)[:, 0]
        above_in += list(residual[wall & ~outside] > 0)
        above_out += list(residual[wall & outside] > 0)
    assert np.mean(above_in) > 0.95
    assert np.mean(above_out) < 0.05
    assert len(above_in) > len(above_out)  # interpolated wall points are the more common kind


def test_02_laplacian_stays_conditioned_gaussian_does_not():
    X_tr = train_test_split(X, Y, train_size=25, random_state=0)[0]
    eye = np.eye(25)
    assert np.linalg.cond(lj.laplacian_kernel(X_tr, X_tr, 0.3) + 1e-12 * eye) < 1e3
    assert np.linalg.cond(lj.gaussian_kernel(X_tr, X_tr, 0.3) + 1e-12 * eye) > 1e12
