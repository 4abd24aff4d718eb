"""Claims notebooks 07 and 08 make, pinned so that a code change cannot silently falsify them.

Each test is named after the claim it pins. Round-off-level quantities (condition numbers, the
force error of the energies + forces model) are checked here with tolerances; the notebooks print
them only as bounds or orders of magnitude.
"""

from functools import cache

import numpy as np
from scipy.spatial.distance import cdist

import lj_helpers as lj

X, Y = lj.dimer_dataset()
F = lj.lennard_jones_force(X[:, 0])
X_GRID, Y_GRID = lj.dimer_dataset(n_points=500)
F_GRID = lj.lennard_jones_force(X_GRID[:, 0])
ZOO = {name: model for name, (model, needs_forces) in lj.model_zoo().items()}
EF = "Gaussian on r^-6, energies + forces"
ONE = "Gaussian on r^-6, forces + one energy"
EONLY = "Gaussian on r^-6"


# 07 -------------------------------------------------------------------------------------


@cache
def errors_at(name, n, random_state=0, n_splits=10):
    """Energy MAE on the grid and smallest training distance of each split (as notebook 07)."""
    order = lj.random_orderings(50, n_splits, random_state=random_state)
    maes, min_r = [], []
    for row in order:
        idx = row[:n]
        extra = {} if name == EONLY else {"forces": F[idx]}
        fitted = ZOO[name].fit(X[idx], Y[idx], **extra)
        maes.append(np.mean(np.abs(fitted.predict(X_GRID) - Y_GRID)))
        min_r.append(X[idx].min())
    return np.array(maes), np.array(min_r)


def test_07_laplacian_forces_are_useless_and_gaussian_forces_are_orders_of_magnitude_better():
    idx = np.random.default_rng(0).permutation(50)[:25]
    seed_model = lj.LaplacianKernelRidge(length_scale=0.1, alpha=1e-9).fit(X[idx], Y[idx])
    h = 1e-5
    f_seed = -(seed_model.predict(X_GRID + h) - seed_model.predict(X_GRID - h)) / (2 * h)
    fitted = ZOO[EF].fit(X[idx], Y[idx], forces=F[idx]).best_estimator_
    seed_mae = np.mean(np.abs(f_seed - F_GRID))
    assert seed_mae > 1.0
    assert np.mean(np.abs(fitted.predict_forces(X_GRID) - F_GRID)) < 1e-3 * seed_mae


def test_07_split_2_has_no_wall_point_and_is_the_worst_for_all_three_models():
    for name in (EONLY, EF, ONE):
        maes, min_r = errors_at(name, 25)
        assert np.argmax(maes) == 2
        assert maes[2] > 5 * np.median(maes)
    assert min_r[2] > 0.985  # 0.99 sigma: the fifth grid point, none of the four below it
    assert np.all(np.delete(min_r, 2) < 0.945)


def test_07_split_2_carries_almost_all_of_the_energies_plus_forces_mean_at_25():
    ef, _ = errors_at(EF, 25)
    one, _ = errors_at(ONE, 25)
    assert ef[2] / ef.sum() > 0.9
    assert np.mean(ef) > np.mean(one)
    assert np.median(ef) < np.median(one)


def test_07_energies_plus_forces_has_the_lowest_median_from_n_10():
    for n in (10, 25, 45):
        medians = {name: np.median(errors_at(name, n)[0]) for name in (EONLY, EF, ONE)}
        assert medians[EF] == min(medians.values())


def test_07_paired_energies_plus_forces_beats_energies_only_on_nine_of_ten_splits_or_more():
    for n in (10, 25, 45):
        ef, _ = errors_at(EF, n)
        eo, _ = errors_at(EONLY, n)
        assert np.sum(eo > 2 * ef) >= 9


def test_07_at_25_energies_plus_forces_and_forces_plus_one_energy_are_not_separated():
    ef, _ = errors_at(EF, 25)
    one, _ = errors_at(ONE, 25)
    tied = np.abs(np.log(one / ef)) <= np.log(2)
    assert tied.sum() >= 4
    assert np.sum(~tied & (one < ef)) >= 1


def test_07_fresh_splits_keep_the_order_of_the_medians():
    medians = {name: np.median(errors_at(name, 25, random_state=1000)[0]) for name in (EONLY, EF)}
    assert medians[EF] < medians[EONLY] / 2


def test_07_fresh_splits_do_not_separate_the_top_two():
    ef = np.median(errors_at(EF, 25, random_state=1000)[0])
    one = np.median(errors_at(ONE, 25, random_state=1000)[0])
    assert ef < one < 2 * ef


def test_07_every_zoo_fit_at_25_sits_at_its_alpha_floor_and_is_well_conditioned():
    idx = lj.random_orderings(50, 10, random_state=0)[0, :25]
    for name in (EONLY, EF, ONE):
        for row in lj.random_orderings(50, 10, random_state=0)[:3]:
            extra = {} if name == EONLY else {"forces": F[row[:25]]}
            fitted = ZOO[name].fit(X[row[:25]], Y[row[:25]], **extra)
            grid = ZOO[name].param_grid
            assert fitted.best_params_.get("alpha_force", fitted.best_params_.get("alpha")) == min(
                grid.get("alpha_force", grid.get("alpha"))
            )
            if name == ONE:
                assert fitted.best_params_["alpha_energy"] == max(grid["alpha_energy"])
            if name == EF:
                assert fitted.best_params_["alpha_energy"] == min(grid["alpha_energy"])
    fitted = ZOO[EF].fit(X[idx], Y[idx], forces=F[idx]).best_estimator_
    assert np.linalg.cond(block_gram(fitted, X[idx])) < 1e13


def block_gram(fitted, x):
    blocks = fitted.kernel_blocks(x, x)
    n = len(x)
    return np.block(
        [
            [blocks.energy_energy + fitted.alpha_energy * np.eye(n), blocks.energy_force],
            [blocks.force_energy, blocks.force_force + fitted.alpha_force * np.eye(n)],
        ]
    )


def test_07_a_1e_14_floor_is_far_more_accurate_but_near_singular():
    low = [1e-14, 1e-12, 1e-10]
    grid = {"length_scale": np.geomspace(0.3, 30.0, 10), "alpha_energy": low, "alpha_force": low}
    search = lj.KernelGridSearch(lj.EnergyForceKernelRidge(representation="r^-6"), grid)
    maes, conds = [], []
    for row in lj.random_orderings(50, 10, random_state=0):
        idx = row[:25]
        fitted = search.fit(X[idx], Y[idx], forces=F[idx])
        maes.append(np.mean(np.abs(fitted.predict(X_GRID) - Y_GRID)))
        conds.append(np.linalg.cond(block_gram(fitted.best_estimator_, X[idx])))
    zoo_maes, _ = errors_at(EF, 25)
    assert 10 < np.median(zoo_maes) / np.median(maes) < 1e4
    assert max(conds) > 1e13


# 08 -------------------------------------------------------------------------------------

GRID = {"length_scale": [0.01, 0.02, 0.04, 0.08], "alpha": [1e-10, 1e-8, 1e-6]}


@cache
def lj7(n_clusters, seed):
    clusters = lj.random_clusters(n_clusters // 2, 7, kind="perturbed", random_state=seed)
    clusters += lj.random_clusters(n_clusters // 2, 7, kind="compact", random_state=seed)
    D = lj.pair_distance_table(clusters)
    return D, np.array([lj.cluster_energy(c) for c in clusters])


@cache
def additive_fit(which):
    D, E = lj7(400, 0)
    train = np.arange(200) if which == "first" else np.random.default_rng(0).permutation(400)[:200]
    return lj.KernelGridSearch(lj.PairAdditiveKernelRidge(), GRID).fit(D[train], E[train])


def half_errors(model):
    D, E = lj7(200, 100)
    err = np.abs(model.predict(D) - E) / 7
    return err[:100].mean(), err[100:].mean()


def test_08_first_200_pool_rows_are_perturbed_and_miss_the_long_test_pairs():
    D_pool, _ = lj7(400, 0)
    D_test, _ = lj7(200, 100)
    assert np.nanmax(D_pool[:200]) < 2.35
    assert np.nanmax(D_test[100:]) > 2.85
    train = np.random.default_rng(0).permutation(400)[:200]
    assert 90 <= np.sum(train >= 200) <= 110  # a random 200 holds both kinds
    assert np.nanmax(D_pool[train]) > 2.85


def test_08_random_training_set_predicts_both_kinds_alike_and_loo_agrees():
    model = additive_fit("random")
    perturbed, compact = half_errors(model)
    assert max(perturbed, compact) < 1e-6
    assert 1 / 3 < perturbed / compact < 3
    loo = -model.best_score_ / 7
    assert 1 / 3 < loo / ((perturbed + compact) / 2) < 3


def test_08_perturbed_only_training_is_about_100x_worse_on_compact_and_loo_cannot_tell():
    model = additive_fit("first")
    perturbed, compact = half_errors(model)
    assert compact > 30 * perturbed
    assert -model.best_score_ / 7 < 1e-6


def test_08_dual_gram_is_near_singular_and_stacked_least_squares_is_not():
    D, _ = lj7(400, 0)
    phi = lj.PairAdditiveKernelRidge().features(D[np.random.default_rng(0).permutation(400)[:200]])
    assert np.linalg.matrix_rank(phi @ phi.T) <= 80
    assert np.linalg.cond(phi @ phi.T + 1e-10 * np.eye(200)) > 1e13
    assert np.linalg.cond(np.vstack([phi, 1e-5 * np.eye(80)])) < 1e9


def test_08_additive_learning_curve_is_a_fast_decay_then_a_floor():
    D, E = lj7(400, 0)
    D_test, E_test = lj7(200, 100)
    order = np.random.default_rng(0).permutation(400)
    model = lj.KernelGridSearch(lj.PairAdditiveKernelRidge(), GRID)
    mae = {
        n: np.mean(np.abs(model.fit(D[order[:n]], E[order[:n]]).predict(D_test) - E_test)) / 7
        for n in (10, 50, 200)
    }
    fast = np.log(mae[50] / mae[10]) / np.log(5)
    floor = np.log(mae[200] / mae[50]) / np.log(4)
    assert fast < -5
    assert floor > -2.5


def test_08_additive_kernel_beats_global_descriptor_from_ten_clusters():
    D, E = lj7(400, 0)
    D_te, E_te = lj7(200, 100)

    def glob_fit_predict(z_train, e_train, z_test):
        offset = e_train.mean()  # centred, as in the notebook
        e_train = e_train - offset
        d2 = cdist(z_train, z_train, "sqeuclidean")
        best = (np.inf, None, None)
        for ell in np.geomspace(0.1, 5.0, 6):
            for alpha in (1e-8, 1e-6, 1e-4):
                k_inv = np.linalg.inv(np.exp(-d2 / (2 * ell**2)) + alpha * np.eye(len(e_train)))
                coef = k_inv @ e_train
                loo = np.mean(np.abs(coef / np.diag(k_inv)))
                if loo < best[0]:
                    best = (loo, ell, coef)
        _, ell, coef = best
        return np.exp(-cdist(z_test, z_train, "sqeuclidean") / (2 * ell**2)) @ coef + offset

    def inv(d):
        return np.sort(np.nan_to_num(1.0 / d, nan=0.0), axis=1)[:, ::-1]

    order = np.random.default_rng(0).permutation(400)
    for n in (10, 50):
        tr = order[:n]
        a = np.mean(np.abs(additive_fit("random").fit(D[tr], E[tr]).predict(D_te) - E_te))
        g = np.mean(np.abs(glob_fit_predict(inv(D[tr]), E[tr], inv(D_te)) - E_te))
        assert a < g
    assert a < 1e-3 * g  # orders of magnitude by 50 clusters


def test_08_lj7_trained_pair_potential_transfers_to_lj13_energies_and_forces():
    model = lj.KernelGridSearch(lj.PairAdditiveKernelRidge(), GRID)
    D, E = lj7(400, 0)
    train = np.random.default_rng(0).permutation(400)[:200]
    model.fit(D[train], E[train])
    lj13 = lj.random_clusters(30, 13, kind="perturbed", random_state=200)
    E13 = np.array([lj.cluster_energy(c) for c in lj13])
    assert np.mean(np.abs(model.predict(lj.pair_distance_table(lj13)) - E13)) / 13 < 1e-6
    fitted = model.best_estimator_
    err = np.mean([np.abs(fitted.predict_forces(c) - lj.cluster_forces(c)) for c in lj13])
    scale = np.mean([np.abs(lj.cluster_forces(c)) for c in lj13])
    assert err / scale < 1e-4


def test_08_many_body_term_error_is_below_its_spread_and_loo_agrees_only_with_random_training():
    D, E = lj7(400, 0)
    D_te, E_te = lj7(200, 100)

    def many_body(d):
        return 0.002 * np.sum(np.nan_to_num(d, nan=10.0) < 1.2, axis=1) ** 2 / 7

    spread = np.mean(np.abs(many_body(D_te) - many_body(D_te).mean())) / 7
    results = {}
    for name, train in (
        ("random", np.random.default_rng(0).permutation(400)[:200]),
        ("first", np.arange(200)),
    ):
        m = lj.KernelGridSearch(lj.PairAdditiveKernelRidge(), GRID)
        m.fit(D[train], E[train] + many_body(D[train]))
        test = np.mean(np.abs(m.predict(D_te) - E_te - many_body(D_te))) / 7
        results[name] = (test, -m.best_score_ / 7)
    test, loo = results["random"]
    assert test < spread
    assert 0.5 < loo / test < 2
    test, loo = results["first"]
    assert test > 10 * spread
    assert test > 30 * loo


def test_08_the_curve_floor_is_the_alpha_floor_a_smaller_alpha_lowers_it():
    model = additive_fit("random")
    assert model.best_params_["alpha"] == min(GRID["alpha"])
    D, E = lj7(400, 0)
    train = np.random.default_rng(0).permutation(400)[:200]
    lower = lj.PairAdditiveKernelRidge(length_scale=model.best_params_["length_scale"], alpha=1e-12)
    lower.fit(D[train], E[train])
    D_te, E_te = lj7(200, 100)
    before = np.mean(np.abs(model.predict(D_te) - E_te))
    after = np.mean(np.abs(lower.predict(D_te) - E_te))
    assert after < before / 3


def test_08_pair_additive_predictions_survive_a_1e_13_perturbation_of_the_inputs():
    D, E = lj7(400, 0)
    train = np.random.default_rng(0).permutation(400)[:200]
    params = additive_fit("random").best_params_
    rng = np.random.default_rng(1)
    D_pert = D[train] * (1 + 1e-13 * rng.standard_normal(D[train].shape))
    a = lj.PairAdditiveKernelRidge(**params).fit(D[train], E[train])
    b = lj.PairAdditiveKernelRidge(**params).fit(D_pert, E[train])
    D_te, E_te = lj7(200, 100)
    err_a = np.mean(np.abs(a.predict(D_te) - E_te))
    err_b = np.mean(np.abs(b.predict(D_te) - E_te))
    assert abs(err_a / err_b - 1) < 1e-3
