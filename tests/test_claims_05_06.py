"""Claims notebooks 05 and 06 make, pinned so that a code change cannot silently falsify them."""

import numpy as np
import pytest

import lj_helpers as lj

X, Y = lj.dimer_dataset()
X_GRID, Y_GRID = lj.dimer_dataset(n_points=500)


# 05 -------------------------------------------------------------------------------------

GRID05 = {"length_scale": np.geomspace(0.05, 2.0, 8), "alpha": [1e-12, 1e-9, 1e-6]}
BASE05 = lj.GaussianKernelRidge(representation="1/r")


def test_05_honest_choices_stay_near_the_oracle_and_ml2_is_worse_on_average():
    results = {"oracle": [], "loo": [], "ml": []}
    for seed in range(20):
        idx = np.random.default_rng(seed).permutation(50)[:20]
        maes = []
        for ls in GRID05["length_scale"]:
            for a in GRID05["alpha"]:
                try:
                    m = lj.GaussianKernelRidge(length_scale=ls, alpha=a, representation="1/r").fit(
                        X[idx], Y[idx]
                    )
                except ValueError:
                    continue
                maes.append(np.mean(np.abs(m.predict(X_GRID) - Y_GRID)))
        results["oracle"].append(min(maes))
        for key, criterion in (("loo", "loo"), ("ml", "marginal_likelihood")):
            search = lj.KernelGridSearch(BASE05, GRID05, criterion=criterion).fit(X[idx], Y[idx])
            results[key].append(np.mean(np.abs(search.predict(X_GRID) - Y_GRID)))
    mean = {k: np.mean(v) for k, v in results.items()}
    assert mean["loo"] < 2 * mean["oracle"]
    assert mean["ml"] > mean["loo"]


def test_05_gp_error_bars_are_overconfident_most_when_extrapolating():
    hits = {"in": [], "out": []}
    for seed in range(60):
        order = np.random.default_rng(seed).permutation(50)
        tr, te = order[:12], order[12:]
        model = lj.KernelGridSearch(BASE05, GRID05, criterion="marginal_likelihood")
        m, s = model.fit(X[tr], Y[tr]).predict(X[te], return_std=True)
        inside = np.abs(m - Y[te]) / s < 1.96
        outside = lj.outside_training_range(X[tr], X[te])[:, 0]
        hits["in"] += list(inside[~outside])
        hits["out"] += list(inside[outside])
    assert np.mean(hits["in"]) < 0.8
    assert np.mean(hits["out"]) < np.mean(hits["in"])


# 06 -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def zoo_table():
    zoo = {name: m for name, (m, forces) in lj.model_zoo().items() if not forces}
    return {
        name: lj.learning_curve(m, X, Y, [5, 10, 25, 45], n_repeats=20, random_state=0,
                                X_test=X_GRID, y_test=Y_GRID).groupby("n_train")["mae"].mean()
        for name, m in zoo.items()
    }  # fmt: skip


def test_06_r6_representation_is_best_at_every_size_and_meets_the_goal(zoo_table):
    best = zoo_table["Gaussian on r^-6"]
    for name, means in zoo_table.items():
        assert (best <= means).all(), name
    assert best[25] <= 1e-4
    assert zoo_table["seed: Laplacian on r"][25] / best[25] > 1000


def test_06_seed_wall_prior_stops_helping_at_45_and_fitted_prior_hurts_at_5(zoo_table):
    assert (
        zoo_table["seed: Laplacian on r + wall prior"][45] > zoo_table["seed: Laplacian on r"][45]
    )
    assert (
        zoo_table["seed: Laplacian on r + wall prior"][10] < zoo_table["seed: Laplacian on r"][10]
    )
    fitted = zoo_table["Gaussian on 1/r + fitted C r^-12 prior"]
    assert fitted[5] > zoo_table["Gaussian on 1/r"][5]
    assert fitted[45] < zoo_table["Gaussian on 1/r"][45]


def test_06_least_squares_r12_coefficient_turns_negative_without_wall_points():
    idx = np.random.default_rng(10).permutation(50)[:5]
    assert X[idx].min() > 1.0
    assert lj.InversePowerPrior().fit(X[idx], Y[idx]).coef_[0] < 0
