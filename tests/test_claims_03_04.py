"""Claims notebooks 03 and 04 make, pinned so that a code change cannot silently falsify them.

Both notebooks draw their splits from ``lj.random_orderings(50, n, random_state=0)``: split i of
size N trains on ``order[i, :N]``. "The 2000 splits" at N = 25 are
``random_orderings(50, 2000)[:, :25]``.
Two test MAEs closer than ``TIE`` (in epsilon) are a tie, never a win or a loss.
"""

import numpy as np
import pandas as pd
import pytest

import lj_helpers as lj

X, Y = lj.dimer_dataset()
X_GRID, Y_GRID = lj.dimer_dataset(n_points=500)
SIZES = [5, 10, 15, 20, 25, 30, 35, 40, 45, 47]
TIE = 1e-9
WALL = lj.LinearWallPrior(gamma=150.0, r0=0.95)


def plain():
    return lj.LaplacianKernelRidge(length_scale=0.1, alpha=1e-9)


def with_prior(prior=WALL):
    return lj.LaplacianKernelRidge(length_scale=0.1, alpha=1e-9, prior=prior)


def local_slopes(curve):
    """Slope of log(mean MAE) against log N between neighbouring sizes (as the notebooks do)."""
    means = curve.groupby("n_train")["mae"].mean()
    n = means.index.to_numpy(dtype=float)
    return np.diff(np.log(means.to_numpy())) / np.diff(np.log(n))


def paired(a, b):
    """Per-repeat difference b - a of two learning curves on the same splits, one column per N."""
    wide = {
        k: c.pivot(index="repeat", columns="n_train", values="mae") for k, c in (("a", a), ("b", b))
    }
    return wide["b"] - wide["a"]


@pytest.fixture(scope="module")
def curves():
    protocols = {"complement": {}, "grid": {"X_test": X_GRID, "y_test": Y_GRID}}
    return {
        (protocol, name): lj.learning_curve(
            model, X, Y, SIZES, n_repeats=500, random_state=0, **test
        )
        for protocol, test in protocols.items()
        for name, model in (("without", plain()), ("with", with_prior()))
    }


@pytest.fixture(scope="module")
def half_splits():
    return {
        name: lj.learning_curve(model, X, Y, [25], n_repeats=2000, random_state=0)["mae"].to_numpy()
        for name, model in (("without", plain()), ("with", with_prior()))
    }


ORDER = lj.random_orderings(50, 2000, random_state=0)
WALL_LEFT_OUT = (ORDER[:, :25] != 0).all(axis=1)


# 03 -------------------------------------------------------------------------------------------


def test_03_hand_written_loop_gives_the_same_numbers_as_learning_curve():
    order = lj.random_orderings(50, 5, random_state=0)
    rows = []
    for n_train in SIZES:
        for i in range(5):
            train, test = order[i, :n_train], order[i, n_train:]
            fitted = plain().fit(X[train], Y[train])
            rows.append(np.mean(np.abs(fitted.predict(X[test]) - Y[test])))
    fast = lj.learning_curve(plain(), X, Y, SIZES, n_repeats=5, random_state=0)
    np.testing.assert_allclose(fast["mae"], rows, rtol=0, atol=1e-10)


def test_03_more_repeats_only_append_orderings_so_the_2000_splits_contain_the_500():
    assert np.array_equal(ORDER[:500], lj.random_orderings(50, 500, random_state=0))


def test_03_complement_curve_is_slow_and_its_median_falls_much_faster(curves):
    curve = curves["complement", "without"]
    fit = lj.fit_power_law(curve["n_train"], curve["mae"])
    assert fit.nu == pytest.approx(-0.715, abs=0.01)
    med = curve.groupby("n_train")["mae"].median()
    slope = np.polyfit(np.log(med.index.to_numpy(float)), np.log(med.to_numpy()), 1)[0]
    assert slope < 1.8 * fit.nu  # Exercise 2: about -1.45 against -0.715


def test_03_complement_local_slopes_drift_so_the_curve_is_not_a_power_law(curves):
    curve = curves["complement", "without"]
    slopes = lj.local_slopes(curve)
    np.testing.assert_allclose(slopes["slope"], local_slopes(curve))  # the notebook's hand version
    assert slopes["slope"].iloc[0] > -0.45  # N = 5 -> 10
    assert slopes["slope"].iloc[2:5].min() < -0.75  # N = 15 -> 30
    assert slopes["ci_low"].iloc[0] > slopes["ci_high"].iloc[4]  # the drift is beyond the noise
    fit = lj.fit_power_law(curve["n_train"], curve["mae"])
    assert not fit.is_power_law


def test_03_means_miss_the_line_systematically_in_standard_errors(curves):
    curve = curves["complement", "without"]
    fit = lj.fit_power_law(curve["n_train"], curve["mae"])
    stats = curve.groupby("n_train")["mae"].agg(["mean", "sem"])
    miss = (stats["mean"] - fit.beta * stats.index.to_numpy(float) ** fit.nu) / stats["sem"]
    assert miss[5] < -20  # 27 standard errors below
    assert (miss.loc[[10, 15, 20, 25]] > 2).all()  # 2.6 to 6.3 above
    assert (miss.loc[[30, 35, 40, 45, 47]].abs() < 1.5).all()  # about one standard error


def test_03_median_curve_jumps_where_the_median_split_starts_to_train_on_the_wall(curves):
    curve = curves["complement", "without"]
    med = curve.groupby("n_train")["mae"].median()
    slopes = np.diff(np.log(med.to_numpy())) / np.diff(np.log(SIZES))
    assert slopes[3] > -1.0 > -3.0 > slopes[4]  # 20 -> 25 about -0.56, 25 -> 30 about -3.65
    order = ORDER[:500]
    table = curve.pivot(index="repeat", columns="n_train", values="mae")
    for n, out in ((5, True), (25, True), (30, False), (47, False)):
        wall_out = (order[:, :n] != 0).all(axis=1)
        assert wall_out[np.argsort(table[n].to_numpy())[250]] == out
    assert (order[:, :25] != 0).all(axis=1).mean() > 0.5  # wall-out splits are the majority


def test_03_grid_curve_steepens_even_on_splits_that_train_on_both_ends(curves):
    grid = curves["grid", "without"]
    order = ORDER[:500]
    means = []
    for n in SIZES:
        ends = np.isin(order[:, :n], [0, 49]).sum(axis=1) == 2
        means.append(grid.loc[grid["n_train"] == n, "mae"].to_numpy()[ends].mean())
    slopes = np.diff(np.log(means)) / np.diff(np.log(SIZES))
    assert slopes[0] > -1.2
    assert slopes[-2:].max() < -4  # finite pool: beyond the -2 of evenly spaced points


def test_03_ten_repeat_grid_means_lie_mostly_below_the_500_repeat_means(curves):
    grid = curves["grid", "without"].pivot(index="repeat", columns="n_train", values="mae")
    assert (grid.iloc[:10].mean() < grid.mean()).sum() == 9


def test_03_laplacian_on_evenly_spaced_points_learns_as_n_to_the_minus_two():
    n = np.array([20, 28, 40, 56, 80, 113, 160])
    err = [
        np.mean(np.abs(plain().fit(*lj.dimer_dataset(n_points=int(k))).predict(X_GRID) - Y_GRID))
        for k in n
    ]
    slopes = np.diff(np.log(err)) / np.diff(np.log(n))
    np.testing.assert_allclose(slopes[-3:], -2.0, atol=0.05)


def test_03_gaussian_on_evenly_spaced_points_is_faster_than_any_power_law_then_hits_a_floor():
    n = np.array([5, 7, 10, 14, 20, 28, 40, 56, 80, 113, 160])
    model = lj.GaussianKernelRidge(length_scale=0.1, alpha=1e-9)
    err = [
        np.mean(np.abs(model.fit(*lj.dimer_dataset(n_points=int(k))).predict(X_GRID) - Y_GRID))
        for k in n
    ]
    slopes = np.diff(np.log(err)) / np.diff(np.log(n))
    assert slopes.min() < -6
    assert np.argmin(slopes) > 1  # it steepens first ...
    assert slopes[-1] > -1.5  # ... and flattens at the floor set by alpha


def test_03_grid_curve_is_lower_steeper_and_bends_ever_more_steeply(curves):
    comp, grid = curves["complement", "without"], curves["grid", "without"]
    fit = lj.fit_power_law(comp["n_train"], comp["mae"])
    fit_grid = lj.fit_power_law(grid["n_train"], grid["mae"])
    assert fit_grid.nu == pytest.approx(-1.617, abs=0.01)
    assert fit_grid.nu < 2 * fit.nu
    assert not fit_grid.is_power_law
    assert fit_grid.nu_ci[1] - fit_grid.nu_ci[0] > 0.5  # the interval includes the misfit
    lower = grid.groupby("n_train")["mae"].mean() < comp.groupby("n_train")["mae"].mean()
    assert lower.all()
    slopes = local_slopes(grid)
    assert np.all(np.diff(slopes) < 0)
    assert slopes[0] > -0.6
    assert slopes[-1] < -5


def test_03_wall_point_is_tested_with_probability_50_minus_n_over_50():
    position = np.argmax(ORDER == 0, axis=1)
    for n_train in (5, 25, 45):
        p = (50 - n_train) / 50
        assert abs(np.mean(position >= n_train) - p) < 3 * np.sqrt(p * (1 - p) / 2000)


def test_03_cholesky_factor_of_a_prefix_is_the_prefix_of_the_factor():
    row = lj.random_orderings(50, 1, random_state=0)[0]
    K = plain().gram_matrix(X[row], X[row]) + 1e-9 * np.eye(50)
    np.testing.assert_allclose(
        np.linalg.cholesky(K[:10, :10]), np.linalg.cholesky(K)[:10, :10], atol=1e-12
    )


# 04 -------------------------------------------------------------------------------------------


def test_04_delta_learning_in_three_lines_equals_the_prior_argument():
    train, test = ORDER[0, :25], ORDER[0, 25:]
    correction = plain().fit(X[train], Y[train] - WALL.predict(X[train]))
    by_hand = WALL.predict(X[test]) + correction.predict(X[test])
    np.testing.assert_allclose(
        with_prior().fit(X[train], Y[train]).predict(X[test]), by_hand, rtol=0, atol=1e-10
    )


def test_04_split_0_leaves_the_wall_out_and_the_prior_rescues_the_extrapolation():
    train = ORDER[0, :25]
    assert 0 not in train
    miss = {
        name: abs(model.fit(X[train], Y[train]).predict(X[:1])[0] - Y[0])
        for name, model in (("without", plain()), ("with", with_prior()))
    }
    assert miss["without"] > 3
    assert miss["with"] < 1


def test_04_extrapolation_below_the_data_follows_the_decay_formula():
    train = ORDER[0, :25]
    r_min = X[train, 0].min()
    decay = np.exp(-(r_min - 0.9) / 0.1)
    plain_formula = lj.lennard_jones(r_min) * decay
    prior_formula = (
        WALL.predict([[0.9]])[0] + (lj.lennard_jones(r_min) - WALL.predict([[r_min]])[0]) * decay
    )
    assert plain().fit(X[train], Y[train]).predict([[0.9]])[0] == pytest.approx(plain_formula)
    assert with_prior().fit(X[train], Y[train]).predict([[0.9]])[0] == pytest.approx(prior_formula)


def test_04_prior_is_worse_on_about_two_in_five_splits_counting_ties_apart(half_splits):
    difference = half_splits["with"] - half_splits["without"]
    tie = np.abs(difference) < TIE
    assert tie.sum() == 97
    assert (difference >= TIE).sum() == 756
    assert (difference <= -TIE).sum() == 1147
    # the gap between ties and decisions is wide, so rounding cannot move a split across it
    assert np.abs(difference[tie]).max() < 1e-9
    assert np.abs(difference[~tie]).min() > 1e-4
    assert np.mean(half_splits["with"] < 0.2218) > 0.9  # the blog's split is in the unlucky tail


def test_04_ties_are_exactly_the_splits_that_train_on_the_four_smallest_distances(half_splits):
    tie = np.abs(half_splits["with"] - half_splits["without"]) < TIE
    four_smallest = np.isin(ORDER[:, :25], [0, 1, 2, 3]).sum(axis=1) == 4
    assert np.array_equal(tie, four_smallest)


def test_04_prior_never_loses_when_the_wall_is_left_out_and_mostly_loses_otherwise(half_splits):
    difference = half_splits["with"] - half_splits["without"]
    assert WALL_LEFT_OUT.sum() == 983
    assert (difference[WALL_LEFT_OUT] < -TIE).all()
    decided = ~WALL_LEFT_OUT & (np.abs(difference) >= TIE)
    assert np.mean(difference[decided] > 0) > 0.75


def test_04_pinned_counts_survive_a_perturbation_of_the_data_at_1e_13():
    y = Y * (1 + 1e-13 * np.random.default_rng(1).standard_normal(Y.size))
    runs = [
        lj.learning_curve(m, X, y, [25], n_repeats=2000, random_state=0)["mae"].to_numpy()
        for m in (plain(), with_prior())
    ]
    difference = runs[1] - runs[0]
    assert (np.abs(difference) < TIE).sum() == 97
    assert (difference >= TIE).sum() == 756


def test_04_gain_parts_add_up_and_extrapolation_is_more_than_the_whole_net_gain(half_splits):
    train, test = ORDER[:, :25], ORDER[:, 25:]
    K = plain().gram_matrix(X, X)
    K_train = K[train[:, :, None], train[:, None, :]] + 1e-9 * np.eye(25)
    K_test = K[test[:, :, None], train[:, None, :]]
    outside = (X[test, 0] < X[train, 0].min(axis=1, keepdims=True)) | (
        X[test, 0] > X[train, 0].max(axis=1, keepdims=True)
    )
    parts = {}
    for name, base in (("without", np.zeros(50)), ("with", WALL.predict(X))):
        c = np.linalg.solve(K_train, (Y - base)[train][..., None])
        err = np.abs(base[test] + (K_test @ c)[..., 0] - Y[test])
        np.testing.assert_allclose(err.mean(axis=1), half_splits[name], rtol=0, atol=1e-8)
        parts[name] = (err[~outside].sum() / err.size, err[outside].sum() / err.size)
        assert sum(parts[name]) == pytest.approx(half_splits[name].mean(), abs=1e-10)
    gain_in = parts["without"][0] - parts["with"][0]
    gain_out = parts["without"][1] - parts["with"][1]
    assert gain_in < 0  # the prior makes interpolation slightly worse
    assert 1.05 < gain_out / (gain_in + gain_out) < 1.2  # 113%


def average_slope_difference(a, b, n_bootstrap=2000, random_state=0):
    """As notebook 04: least-squares slope of b minus that of a, paired bootstrap over repeats."""
    tables = [c.pivot(index="repeat", columns="n_train", values="mae") for c in (a, b)]
    log_n = np.log(tables[0].columns.to_numpy(dtype=float))
    picks = np.random.default_rng(random_state).integers(0, 500, (n_bootstrap, 500))

    def slope(table, rows):
        return np.polyfit(log_n, np.log(table.to_numpy()[rows].mean(axis=-2)).T, 1)[0]

    every = np.arange(500)
    boot = slope(tables[1], picks) - slope(tables[0], picks)
    return slope(tables[1], every) - slope(tables[0], every), np.percentile(boot, [2.5, 97.5])


def ratio(curves, protocol):
    means = {k: curves[protocol, k].groupby("n_train")["mae"].mean() for k in ("without", "with")}
    return means["with"] / means["without"]


def test_04_complement_protocol_same_slope_lower_offset(curves):
    fits = {k: lj.fit_power_law(curves["complement", k]["n_train"], curves["complement", k]["mae"])
            for k in ("without", "with")}  # fmt: skip
    low, high = np.percentile(fits["with"].nu_bootstrap - fits["without"].nu_bootstrap, [2.5, 97.5])
    assert low < 0 < high
    d_nu, (low, high) = average_slope_difference(curves["complement", "without"],
                                                 curves["complement", "with"])  # fmt: skip
    assert abs(d_nu) < 0.05
    assert low < 0 < high
    r = ratio(curves, "complement")
    assert r.between(0.54, 0.66).all()  # the same curve shifted down: 0.55 to 0.65
    assert (paired(curves["complement", "without"], curves["complement", "with"]).mean() < 0).all()


def test_04_grid_protocol_prior_flattens_the_curve(curves):
    fits = {k: lj.fit_power_law(curves["grid", k]["n_train"], curves["grid", k]["mae"])
            for k in ("without", "with")}  # fmt: skip
    assert fits["without"].nu == pytest.approx(-1.617, abs=0.01)
    assert fits["with"].nu == pytest.approx(-1.290, abs=0.01)
    assert not fits["without"].is_power_law
    assert not fits["with"].is_power_law
    d_nu, (low, high) = average_slope_difference(curves["grid", "without"], curves["grid", "with"])
    assert d_nu == pytest.approx(0.33, abs=0.01)
    assert 0.25 < low < high < 0.45  # repeat noise only: [0.30, 0.36]
    r = ratio(curves, "grid")
    assert (np.diff(r.to_numpy())[1:] > 0).all()  # rises from N = 10 on ...
    assert r[10] < r[5] < 0.7  # ... after a dip from 0.65 ...
    assert r[47] > 1.3  # ... to 1.39
    with_slopes = lj.local_slopes(curves["grid", "with"])["slope"].to_numpy()
    without_slopes = lj.local_slopes(curves["grid", "without"])["slope"].to_numpy()
    assert (with_slopes[1:] > without_slopes[1:]).all()  # flatter from N = 10-15 on


def test_04_grid_protocol_prior_is_worse_at_45_and_47_but_not_significantly_at_40(curves):
    diff = paired(curves["grid", "without"], curves["grid", "with"])
    stats = pd.DataFrame({"mean": diff.mean(), "sem": diff.sem()})
    assert (stats.loc[[5, 10, 15, 20, 25, 30, 35], "mean"] < 0).all()
    assert (stats.loc[[40, 45, 47], "mean"] > 0).all()
    assert (stats.loc[[45, 47], "mean"] > 2 * stats.loc[[45, 47], "sem"]).all()
    assert stats.loc[40, "mean"] < 2 * stats.loc[40, "sem"]  # 1.75 standard errors


def test_04_on_wall_trained_splits_the_prior_is_worse_by_a_wide_distribution(half_splits):
    keep = ~WALL_LEFT_OUT & (np.abs(half_splits["with"] - half_splits["without"]) >= TIE)
    r = half_splits["with"][keep] / half_splits["without"][keep]
    assert 1.0 < np.median(r) < 1.2  # 1.09
    assert 1.6 < np.percentile(r, 90) < 2.0  # 1.78
    assert 2.2 < r.max() < 2.8  # 2.5


def test_04_exercise_1_formula_predicts_the_exact_repulsion_overshoot_on_split_0():
    train = ORDER[0, :25]
    prior = lj.InversePowerPrior(powers=(12,), coef=(4.0,))
    r_min = X[train, 0].min()
    at = prior.predict([[0.9]])[0]
    formula = at + (lj.lennard_jones(r_min) - prior.predict([[r_min]])[0]) * np.exp(
        -(r_min - 0.9) / 0.1
    )
    fitted = with_prior(prior).fit(X[train], Y[train]).predict(X[:1])[0]
    assert formula == pytest.approx(fitted, abs=1e-6)
    assert abs(formula - Y[0]) == pytest.approx(2.34, abs=0.01)


def test_04_continuous_wall_prior_is_worse_at_the_wall_on_split_0():
    train = ORDER[0, :25]
    continuous = lj.LinearWallPrior(gamma=float(lj.lennard_jones(0.9)) / 0.1, r0=1.0)
    err = [
        abs(with_prior(p).fit(X[train], Y[train]).predict(X[:1])[0] - Y[0])
        for p in (WALL, continuous)
    ]
    assert err[1] > err[0]  # 0.88 against 0.79


def test_04_exact_repulsion_prior_is_worse_on_average_and_loses_where_the_wall_is_left_out(
    half_splits,
):
    model = with_prior(lj.InversePowerPrior(powers=(12,), coef=(4.0,)))
    mae = lj.learning_curve(model, X, Y, [25], n_repeats=2000, random_state=0)["mae"].to_numpy()
    assert mae.mean() > half_splits["with"].mean()
    better = mae - half_splits["with"] <= -TIE
    assert better[WALL_LEFT_OUT].mean() < 0.2


def test_04_continuous_wall_prior_beats_the_blogs_on_both_protocols():
    continuous = lj.LinearWallPrior(gamma=float(lj.lennard_jones(0.9)) / 0.1, r0=1.0)
    for test, n_repeats in (({}, 2000), ({"X_test": X_GRID, "y_test": Y_GRID}, 100)):
        means = [
            lj.learning_curve(with_prior(p), X, Y, [25], n_repeats=n_repeats, **test)["mae"].mean()
            for p in (WALL, continuous)
        ]
        assert 0.7 < means[1] / means[0] < 0.85
