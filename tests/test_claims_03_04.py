"""Claims notebooks 03 and 04 make, pinned so that a code change cannot silently falsify them."""

import numpy as np
import pytest
from sklearn.model_selection import train_test_split

import lj_helpers as lj

X, Y = lj.dimer_dataset()
X_GRID, Y_GRID = lj.dimer_dataset(n_points=500)
RATIOS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95]
PLAIN = lj.LaplacianKernelRidge(length_scale=0.1, alpha=1e-9)
WITH_PRIOR = lj.LaplacianKernelRidge(length_scale=0.1, alpha=1e-9, prior=lj.LinearWallPrior())


def splits(n, train_size=25):
    for seed in range(n):
        yield train_test_split(X, Y, train_size=train_size, random_state=seed)


@pytest.fixture(scope="module")
def complement_curves():
    return {
        name: lj.learning_curve(model, X, Y, RATIOS, n_repeats=500, random_state=0)
        for name, model in (("plain", PLAIN), ("prior", WITH_PRIOR))
    }


@pytest.fixture(scope="module")
def half_splits():
    return {
        name: lj.learning_curve(model, X, Y, [25], n_repeats=2000, random_state=0)["mae"].to_numpy()
        for name, model in (("plain", PLAIN), ("prior", WITH_PRIOR))
    }


# 03 -------------------------------------------------------------------------------------


def test_03_complement_curve_is_slow_and_grid_curve_more_than_twice_as_steep(complement_curves):
    curve = complement_curves["plain"]
    sizes = sorted(curve["n_train"].unique())
    grid = lj.learning_curve(PLAIN, X, Y, sizes, n_repeats=500, random_state=0, X_test=X_GRID,
                             y_test=Y_GRID)  # fmt: skip
    fit = lj.fit_power_law(curve["n_train"], curve["mae"])
    fit_grid = lj.fit_power_law(grid["n_train"], grid["mae"])
    assert -0.8 < fit.nu < -0.6
    assert fit_grid.nu < 2 * fit.nu
    lower = grid.groupby("n_train")["mae"].mean() < curve.groupby("n_train")["mae"].mean()
    assert lower.all()


def test_03_complement_curve_bends_below_the_fit_at_n5(complement_curves):
    curve = complement_curves["plain"]
    fit = lj.fit_power_law(curve["n_train"], curve["mae"])
    stats = curve.groupby("n_train")["mae"].agg(["mean", "sem"])
    assert stats.loc[5, "mean"] < fit(5) - 5 * stats.loc[5, "sem"]
    assert stats.loc[20, "mean"] > fit(20) + 3 * stats.loc[20, "sem"]


# 04 -------------------------------------------------------------------------------------


def test_04_prior_lowers_mean_mae_at_every_size_including_n10(complement_curves):
    means = {k: c.groupby("n_train")["mae"].mean() for k, c in complement_curves.items()}
    assert (means["prior"] < means["plain"]).all()
    assert means["prior"][10] < 0.6 * means["plain"][10]


def test_04_prior_is_worse_on_more_than_a_third_of_splits(half_splits):
    worse = np.mean(half_splits["prior"] > half_splits["plain"])
    assert 1 / 3 < worse < 0.5
    assert np.mean(half_splits["prior"] < 0.2218) > 0.9  # the blog's figure is in the unlucky tail


def test_04_slopes_indistinguishable_offset_lower(complement_curves):
    fits = {k: lj.fit_power_law(c["n_train"], c["mae"]) for k, c in complement_curves.items()}
    d_nu = fits["prior"].nu_bootstrap - fits["plain"].nu_bootstrap
    low, high = np.percentile(d_nu, [2.5, 97.5])
    assert low < 0 < high
    assert fits["prior"].beta_ci[1] < fits["plain"].beta_ci[0]


def test_04_gain_comes_from_extrapolation_and_prior_hurts_interpolation():
    err = {k: {"in": 0.0, "out": 0.0} for k in ("plain", "prior")}
    for X_tr, X_te, y_tr, y_te in splits(500):
        outside = lj.outside_training_range(X_tr, X_te)[:, 0]
        for name, model in (("plain", PLAIN), ("prior", WITH_PRIOR)):
            e = np.abs(model.fit(X_tr, y_tr).predict(X_te) - y_te)
            err[name]["in"] += e[~outside].sum()
            err[name]["out"] += e[outside].sum()
    assert err["prior"]["in"] > err["plain"]["in"]
    assert err["prior"]["out"] < 0.5 * err["plain"]["out"]


def test_04_continuous_wall_prior_beats_the_blogs_and_exact_repulsion_does_not():
    def mean_mae(prior):
        model = lj.LaplacianKernelRidge(length_scale=0.1, alpha=1e-9, prior=prior)
        return lj.learning_curve(model, X, Y, [25], n_repeats=500)["mae"].mean()

    blog = mean_mae(lj.LinearWallPrior())
    assert mean_mae(lj.LinearWallPrior(gamma=float(lj.lennard_jones(0.9)) / 0.1, r0=1.0)) < blog
    assert mean_mae(lj.InversePowerPrior(powers=(12,), coef=(4.0,))) > blog
