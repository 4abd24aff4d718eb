"""Claims notebooks 01 and 02 make, pinned so that a code change cannot silently falsify them.

Both notebooks use "the 2000 splits": ``lj.random_orderings(50, 2000, random_state=0)``; split i
trains on ``order[i, :25]`` and tests on ``order[i, 25:]``.
"""

import numpy as np
import pytest
from scipy.linalg import cho_factor, cho_solve
from sklearn.kernel_ridge import KernelRidge

import lj_helpers as lj

X, Y = lj.dimer_dataset()
ORDER = lj.random_orderings(50, 2000, random_state=0)
TRAIN, TEST = ORDER[:, :25], ORDER[:, 25:]
SPLIT_BOTH_ENDS = 19
NOISE = np.random.default_rng(1).normal(0.0, 0.1, size=50)


def wall_points_beyond():
    return np.array([np.sum(X[te, 0] < X[tr, 0].min()) for tr, te in zip(TRAIN, TEST, strict=True)])


@pytest.fixture(scope="module")
def residuals():
    """Test residuals of the blog's model (Laplacian, ell = 0.1, alpha = 1e-9), 2000 splits."""
    K = lj.laplacian_kernel(X, X, 0.1)
    A = K[TRAIN[:, :, None], TRAIN[:, None, :]] + 1e-9 * np.eye(25)
    coef = np.linalg.solve(A, Y[TRAIN][..., None])[..., 0]
    return np.einsum("sij,sj->si", K[TEST[:, :, None], TRAIN[:, None, :]], coef) - Y[TEST]


@pytest.fixture(scope="module")
def maes():
    model = lj.LaplacianKernelRidge(length_scale=0.1, alpha=1e-9)
    return lj.learning_curve(model, X, Y, [25], n_repeats=2000, random_state=0)["mae"].to_numpy()


# 01 -------------------------------------------------------------------------------------


def test_01_split_0_is_the_hand_made_seeded_permutation():
    assert np.array_equal(ORDER[0], np.random.default_rng(0).permutation(50))


def test_01_split_0_extrapolates_the_wall_point_and_both_far_points():
    outside = lj.outside_training_range(X[TRAIN[0]], X[TEST[0]])[:, 0]
    assert sorted(np.round(X[TEST[0]][outside, 0], 4)) == [0.9, 1.9776, 2.0]
    assert X[TRAIN[0], 0].min() == pytest.approx(0.9224, abs=1e-4)


def test_01_about_half_of_the_splits_leave_the_wall_end_out():
    left_out = np.array([0 not in tr for tr in TRAIN])
    assert left_out.sum() == 983  # "983, or 49.1%"


def test_01_about_three_quarters_of_the_splits_extrapolate_somewhere():
    n_out = np.array(
        [lj.outside_training_range(X[tr], X[te]).sum() for tr, te in zip(TRAIN, TEST, strict=True)]
    )
    assert np.mean(n_out > 0) == pytest.approx(0.764, abs=5e-4)
    assert n_out.mean() == pytest.approx(1.91, abs=5e-3)


def test_01_wall_points_beyond_training_range_counts():
    n = wall_points_beyond()
    assert [np.sum(n == 0), np.sum(n == 1), np.sum(n == 2), np.sum(n >= 3)] == [1017, 518, 248, 217]


def test_01_wall_counts_match_the_combinatorial_prediction():
    n = wall_points_beyond()
    p = [np.prod([(25 - j) / (50 - j) for j in range(k)]) for k in range(4)]
    predicted = [1 - p[1], p[1] - p[2], p[2] - p[3], p[3]]
    observed = [np.mean(n == 0), np.mean(n == 1), np.mean(n == 2), np.mean(n >= 3)]
    assert np.allclose(observed, predicted, atol=3 * np.sqrt(0.25 / 2000))


def test_01_five_wall_points_and_trivial_model_error():
    assert np.sum(X[:, 0] < 1.0) == 5
    _, y_grid = lj.dimer_dataset(n_points=500)
    assert np.abs(y_grid).mean() == pytest.approx(0.5982, abs=5e-5)


def test_01_strongest_attraction_at_the_inflection_point():
    r_star = (26 / 7) ** (1 / 6)
    r = np.linspace(1.0, 2.0, 200_001)
    assert r[np.argmin(lj.lennard_jones_force(r))] == pytest.approx(r_star, abs=1e-5)


# 02 -------------------------------------------------------------------------------------


def bumps(r, n_bumps, width=0.1):
    centres = np.linspace(0.9, 2.0, n_bumps)
    return np.exp(-((np.reshape(r, (-1, 1)) - centres) ** 2) / (2 * width**2))


def test_02_split_19_is_the_first_to_train_on_both_ends():
    first = next(i for i, tr in enumerate(TRAIN) if {0, 49} <= set(tr))
    assert first == SPLIT_BOTH_ENDS


def test_02_few_bumps_underfit_and_as_many_bumps_as_points_overfit():
    tr, te = TRAIN[SPLIT_BOTH_ENDS], TEST[SPLIT_BOTH_ENDS]
    result = {}
    for m in (4, 12, 25):
        w = np.linalg.lstsq(bumps(X[tr], m), Y[tr], rcond=None)[0]
        train_err = np.mean(np.abs(bumps(X[tr], m) @ w - Y[tr]))
        test_err = np.mean(np.abs(bumps(X[te], m) @ w - Y[te]))
        result[m] = (train_err, test_err, np.abs(w).max())
    assert result[4][0] > 0.5  # underfitting: even the training error is large
    assert result[25][0] < 1e-6  # passes through every training point
    assert result[25][1] > result[12][1]  # ... but predicts worse: overfitting
    assert result[25][2] > 1e5


def test_02_ridge_shrinks_weights_stabilises_and_lowers_test_error():
    tr, te = TRAIN[SPLIT_BOTH_ENDS], TEST[SPLIT_BOTH_ENDS]
    Phi, Phi_te = bumps(X[tr], 25), bumps(X[te], 25)
    nudge = np.random.default_rng(2).uniform(-1e-3, 1e-3, size=25)
    w0 = np.linalg.lstsq(Phi, Y[tr], rcond=None)[0]
    w0n = np.linalg.lstsq(Phi, Y[tr] + nudge, rcond=None)[0]
    A = Phi.T @ Phi + 1e-8 * np.eye(25)
    w = cho_solve(cho_factor(A), Phi.T @ Y[tr])
    wn = cho_solve(cho_factor(A), Phi.T @ (Y[tr] + nudge))
    assert np.abs(Phi_te @ (w0n - w0)).max() > 1.0  # "whole units of epsilon"
    assert np.abs(Phi_te @ (wn - w)).max() < 0.01
    assert np.abs(w).max() < 1e3 < np.abs(w0).max()
    assert np.mean(np.abs(Phi_te @ w - Y[te])) < 0.2 * np.mean(np.abs(Phi_te @ w0 - Y[te]))
    assert np.mean(np.abs(Phi @ w - Y[tr])) > np.mean(np.abs(Phi @ w0 - Y[tr]))  # bias


def test_02_primal_ridge_equals_kernel_form():
    tr, te = TRAIN[SPLIT_BOTH_ENDS], TEST[SPLIT_BOTH_ENDS]
    Phi, Phi_te = bumps(X[tr], 25), bumps(X[te], 25)
    w = cho_solve(cho_factor(Phi.T @ Phi + 1e-4 * np.eye(25)), Phi.T @ Y[tr])
    c = cho_solve(cho_factor(Phi @ Phi.T + 1e-4 * np.eye(25)), Y[tr])
    assert np.allclose(Phi_te @ w, Phi_te @ Phi.T @ c, atol=1e-8)


def test_02_scratch_laplacian_and_sklearn_agree():
    tr, te = TRAIN[SPLIT_BOTH_ENDS], TEST[SPLIT_BOTH_ENDS]
    K = lj.laplacian_kernel(X[tr], X[tr], 0.1)
    c = cho_solve(cho_factor(K + 1e-9 * np.eye(25)), Y[tr])
    model = lj.LaplacianKernelRidge(length_scale=0.1, alpha=1e-9).fit(X[tr], Y[tr])
    sk = KernelRidge(kernel="laplacian", gamma=10.0, alpha=1e-9).fit(X[tr], Y[tr])
    assert np.allclose(c, model.dual_coef_, atol=1e-9)
    assert np.allclose(lj.laplacian_kernel(X[te], X[tr], 0.1) @ c, model.predict(X[te]), atol=1e-12)
    assert np.allclose(sk.predict(X[te]), model.predict(X[te]), atol=1e-12)
    # one tall bump on r = 0.9 carries the wall; all others are negative
    assert c[X[tr, 0] == 0.9][0] == pytest.approx(8.2, abs=0.05)
    assert np.all(c[X[tr, 0] != 0.9] < 0)


def test_02_laplacian_stays_conditioned_gaussian_does_not():
    tr = TRAIN[SPLIT_BOTH_ENDS]
    eye = np.eye(25)
    assert np.linalg.cond(lj.laplacian_kernel(X[tr], X[tr], 0.3) + 1e-12 * eye) < 1e3
    assert np.linalg.cond(lj.gaussian_kernel(X[tr], X[tr], 0.3) + 1e-12 * eye) > 1e12


def test_02_learning_curve_uses_the_2000_splits(maes, residuals):
    assert np.allclose(np.abs(residuals).mean(axis=1), maes, atol=1e-12)


def test_02_2000_split_summary(maes):
    assert maes.mean() == pytest.approx(0.202, abs=5e-4)
    assert np.median(maes) == pytest.approx(0.173, abs=5e-4)
    assert np.quantile(maes, 0.05) == pytest.approx(0.041, abs=5e-4)
    assert np.quantile(maes, 0.95) == pytest.approx(0.552, abs=5e-4)
    assert maes.mean() > np.median(maes)
    assert np.mean(maes < 0.1772) == pytest.approx(0.53, abs=5e-3)  # "an ordinary draw"


def test_02_each_extrapolated_wall_point_moves_the_hump(maes):
    n = wall_points_beyond()
    groups = [n == 0, n == 1, n == 2, n >= 3]
    medians = [np.median(maes[g]) for g in groups]
    assert medians == pytest.approx([0.072, 0.197, 0.344, 0.523], abs=5e-4)


def test_02_wall_interpolation_always_over_extrapolation_always_under(residuals):
    r_te, r_tr = X[TEST, 0], X[TRAIN, 0]
    outside = (r_te < r_tr.min(axis=1, keepdims=True)) | (r_te > r_tr.max(axis=1, keepdims=True))
    wall = r_te < 1.0
    assert (wall & ~outside).sum() == 3160
    assert (wall & outside).sum() == 1809
    assert np.all(residuals[wall & ~outside] > 0)
    assert np.all(residuals[wall & outside] < 0)
    assert np.all(residuals[~outside] > 0)  # with ell = 0.1 every interpolated point


def test_02_maximum_principle_condition_holds_for_ell_01_not_for_005_or_03():
    r = np.linspace(0.9, 2.0, 100_001)
    curvature = 4 * (156 * r**-14 - 42 * r**-8)
    margin = {ls: curvature - lj.lennard_jones(r) / ls**2 for ls in (0.05, 0.1, 0.2, 0.3)}
    assert margin[0.1].min() > 0
    assert margin[0.2].min() > 0
    assert margin[0.05].min() < 0
    assert margin[0.3].min() < 0


def test_02_extrapolation_below_the_data_is_an_exponential_decay():
    tr = TRAIN[0]
    r1 = X[tr, 0].min()
    for ls in (0.02, 0.1, 1.0):
        model = lj.LaplacianKernelRidge(length_scale=ls, alpha=1e-9).fit(X[tr], Y[tr])
        expected = lj.lennard_jones(r1) * np.exp(-(r1 - 0.9) / ls)
        assert model.predict(X[:1])[0] == pytest.approx(expected, rel=1e-6)
        assert expected < Y[0]


def noisy_errors(length_scales, alphas):
    tr, te = TRAIN[SPLIT_BOTH_ENDS], TEST[SPLIT_BOTH_ENDS]
    y = Y + NOISE
    out = []
    for ls, a in zip(length_scales, alphas, strict=True):
        K, K_te = lj.laplacian_kernel(X[tr], X[tr], ls), lj.laplacian_kernel(X[te], X[tr], ls)
        c = cho_solve(cho_factor(K + a * np.eye(25)), y[tr])
        out.append((np.mean(np.abs(K @ c - y[tr])), np.mean(np.abs(K_te @ c - y[te]))))
    return np.array(out).T


def test_02_small_alpha_overfits_large_alpha_underfits_noisy_data():
    alphas = np.logspace(-6, 2, 33)
    train, test = noisy_errors([0.1] * 33, alphas)
    best = np.argmin(test)
    assert train[0] < 1e-3 < test[0]
    assert test[0] > test[best] + 0.01  # 0.097 against 0.082
    assert 0 < best < 32
    assert alphas[best] == pytest.approx(0.1, rel=0.5)
    assert train[-1] > 0.5
    assert test[-1] > 0.5


def test_02_short_length_scale_overfits_long_one_underfits_noisy_data():
    ells = np.logspace(-2, 1, 31)
    train, test = noisy_errors(ells, [0.1] * 31)
    best = np.argmin(test)
    assert 0 < best < 30
    assert test[0] > 5 * train[0]  # 0.55 against 0.061
    assert train[-1] > 0.3
    assert test[-1] > 0.3


def test_02_gaussian_kernel_beats_laplacian_on_interpolation():
    tr, te = TRAIN[SPLIT_BOTH_ENDS], TEST[SPLIT_BOTH_ENDS]
    gauss = lj.GaussianKernelRidge(length_scale=0.15, alpha=1e-6).fit(X[tr], Y[tr])
    lap = lj.LaplacianKernelRidge(length_scale=0.1, alpha=1e-9).fit(X[tr], Y[tr])
    ratio = np.mean(np.abs(lap.predict(X[te]) - Y[te])) / np.mean(
        np.abs(gauss.predict(X[te]) - Y[te])
    )
    assert 5 < ratio < 10  # "about 7 times"


def test_02_extrapolated_wall_points_carry_most_of_the_error(residuals):
    r_te, r_tr = X[TEST, 0], X[TRAIN, 0]
    wall_beyond = (r_te < r_tr.min(axis=1, keepdims=True)) & (r_te < 1.0)
    share = np.abs(residuals[wall_beyond]).sum() / np.abs(residuals).sum()
    assert np.mean(wall_beyond) == pytest.approx(0.036, abs=5e-4)
    assert share == pytest.approx(0.62, abs=5e-3)


def test_02_split_0_error_is_mostly_its_wall_point():
    tr, te = TRAIN[0], TEST[0]
    model = lj.LaplacianKernelRidge(length_scale=0.1, alpha=1e-9).fit(X[tr], Y[tr])
    residual = model.predict(X[te]) - Y[te]
    assert np.mean(np.abs(residual)) == pytest.approx(0.185, abs=5e-4)
    assert abs(model.predict(X[:1])[0] - Y[0]) / 25 == pytest.approx(0.136, abs=5e-4)


def test_01_count_below_smallest_training_distance_includes_r_above_sigma_in_24_splits():
    assert np.sum(wall_points_beyond() > 5) == 24  # all five wall points and r = 1.012 left out


def test_02_split_19_interpolated_wall_points_carry_most_of_its_error():
    tr, te = TRAIN[SPLIT_BOTH_ENDS], TEST[SPLIT_BOTH_ENDS]
    model = lj.LaplacianKernelRidge(length_scale=0.1, alpha=1e-9).fit(X[tr], Y[tr])
    residual = model.predict(X[te]) - Y[te]
    wall = X[te, 0] < 1.0
    assert sorted(np.round(X[te][wall, 0], 3)) == [0.922, 0.945]
    assert sorted(residual[wall]) == pytest.approx([0.483, 0.536], abs=5e-4)
    assert np.abs(residual[wall]).sum() / np.abs(residual).sum() == pytest.approx(0.60, abs=5e-3)
    r = np.linspace(0.9, 2.0, 600)
    peak = model.predict(r.reshape(-1, 1)) - lj.lennard_jones(r)
    assert peak.max() == pytest.approx(0.575, abs=5e-4)
    assert r[np.argmax(peak)] < 1.0  # the peak is on the wall


def test_02_interpolated_wall_points_carry_14_percent_45_in_splits_training_on_the_wall(residuals):
    r_te, r_tr = X[TEST, 0], X[TRAIN, 0]
    outside = (r_te < r_tr.min(axis=1, keepdims=True)) | (r_te > r_tr.max(axis=1, keepdims=True))
    interp_wall = (r_te < 1.0) & ~outside
    err = np.abs(residuals)
    assert err[interp_wall].sum() / err.sum() == pytest.approx(0.14, abs=5e-3)
    with_wall = (TRAIN == 0).any(axis=1)
    assert with_wall.sum() == 1017
    share = err[with_wall][interp_wall[with_wall]].sum() / err[with_wall].sum()
    assert share == pytest.approx(0.45, abs=5e-3)


def test_02_test_error_can_fall_below_the_expected_mean_noise():
    te = TEST[SPLIT_BOTH_ENDS]
    expected = 0.1 * np.sqrt(2 / np.pi)
    actual = np.mean(np.abs(NOISE[te]))
    assert expected == pytest.approx(0.080, abs=5e-4)
    assert actual == pytest.approx(0.055, abs=5e-4)
    _, test = noisy_errors(np.logspace(-2, 1, 31), [0.1] * 31)
    assert actual < test.min() < expected  # 0.055 < 0.071 < 0.080


def test_02_gaussian_condition_number_is_lambda_max_over_alpha():
    tr = TRAIN[SPLIT_BOTH_ENDS]
    K = lj.gaussian_kernel(X[tr], X[tr], 0.3)
    lam_max = np.linalg.eigvalsh(K)[-1]
    assert round(lam_max) == 14
    for a in (1e-12, 1e-9):
        assert np.linalg.cond(K + a * np.eye(25)) == pytest.approx(lam_max / a, rel=0.05)


def test_02_ridge_training_error_grows_with_alpha_test_error_not_monotone():
    tr, te = TRAIN[SPLIT_BOTH_ENDS], TEST[SPLIT_BOTH_ENDS]
    centres = np.linspace(0.9, 2.0, 25)
    Phi = np.exp(-((X[tr] - centres) ** 2) / (2 * 0.1**2))
    Phi_te = np.exp(-((X[te] - centres) ** 2) / (2 * 0.1**2))
    errors = []
    for alpha in (1e-8, 1e-4, 1e-2, 1.0):
        w = cho_solve(cho_factor(Phi.T @ Phi + alpha * np.eye(25)), Phi.T @ Y[tr])
        errors.append((np.mean(np.abs(Phi @ w - Y[tr])), np.mean(np.abs(Phi_te @ w - Y[te]))))
    train, test = np.array(errors).T
    assert np.all(np.diff(train) > 0)
    assert test[2] > test[3]  # 0.141 at 1e-2, 0.126 at 1
    assert train[3] > test[3]  # 0.310 > 0.126


def test_02_laplacian_stays_worse_than_gaussian_at_equal_or_best_length_scale():
    tr, te = TRAIN[SPLIT_BOTH_ENDS], TEST[SPLIT_BOTH_ENDS]
    gauss = lj.GaussianKernelRidge(length_scale=0.15, alpha=1e-6).fit(X[tr], Y[tr])
    g = np.mean(np.abs(gauss.predict(X[te]) - Y[te]))
    for ls, expected in ((0.15, 0.062), (0.26, 0.059)):
        lap = lj.LaplacianKernelRidge(length_scale=ls, alpha=1e-9).fit(X[tr], Y[tr])
        m = np.mean(np.abs(lap.predict(X[te]) - Y[te]))
        assert m == pytest.approx(expected, abs=5e-4)
        assert m > 5 * g
