"""Claims notebooks 07 and 08 make, pinned so that a code change cannot silently falsify them."""

import numpy as np

import lj_helpers as lj

X, Y = lj.dimer_dataset()
X_GRID, Y_GRID = lj.dimer_dataset(n_points=500)
PLAIN = lj.LaplacianKernelRidge(length_scale=0.1, alpha=1e-9)


# 07 -------------------------------------------------------------------------------------


def test_07_forces_lower_the_typical_energy_error_and_outliers_are_unsampled_walls():
    zoo = {name: m for name, (m, forces) in lj.model_zoo().items()}
    forces = lj.lennard_jones_force(X[:, 0])
    e_only, both, min_r = [], [], []
    for seed in range(12):
        idx = np.random.default_rng(seed).permutation(50)[:25]
        e_model = zoo["Gaussian on r^-6"].fit(X[idx], Y[idx])
        f_model = zoo["Gaussian on r^-6, energies + forces"].fit(X[idx], Y[idx], forces=forces[idx])
        e_only.append(np.mean(np.abs(e_model.predict(X_GRID) - Y_GRID)))
        both.append(np.mean(np.abs(f_model.predict(X_GRID) - Y_GRID)))
        min_r.append(X[idx].min())
    both, min_r = np.array(both), np.array(min_r)
    assert np.median(e_only) > 3 * np.median(both)
    outliers = both > 100 * np.median(both)
    assert np.all(min_r[outliers] >= 0.96)


def test_07_laplacian_forces_are_useless_and_gaussian_forces_accurate():
    idx = np.random.default_rng(0).permutation(50)[:25]
    seed_model = PLAIN.fit(X[idx], Y[idx])
    h = 1e-5
    f_seed = -(seed_model.predict(X_GRID + h) - seed_model.predict(X_GRID - h)) / (2 * h)
    f_true = lj.lennard_jones_force(X_GRID[:, 0])
    search = dict(lj.model_zoo())["Gaussian on r^-6, energies + forces"][0]
    fitted = search.fit(X[idx], Y[idx], forces=lj.lennard_jones_force(X[idx, 0])).best_estimator_
    assert np.mean(np.abs(f_seed - f_true)) > 1.0
    assert np.mean(np.abs(fitted.predict_forces(X_GRID) - f_true)) < 1e-3


# 08 -------------------------------------------------------------------------------------


def test_08_additive_kernel_beats_global_descriptor_from_ten_clusters():
    pool = lj.random_clusters(50, 7, random_state=0) + lj.random_clusters(
        50, 7, "compact", random_state=0
    )
    test = lj.random_clusters(50, 7, random_state=100)
    D, E = lj.pair_distance_table(pool), np.array([lj.cluster_energy(c) for c in pool])
    D_te, E_te = lj.pair_distance_table(test), np.array([lj.cluster_energy(c) for c in test])
    grid = {"length_scale": [0.01, 0.02, 0.04, 0.08], "alpha": [1e-10, 1e-8, 1e-6]}
    additive = lj.KernelGridSearch(lj.PairAdditiveKernelRidge(), grid)
    glob = lj.KernelGridSearch(
        lj.GaussianKernelRidge(),
        {"length_scale": np.geomspace(0.05, 5.0, 10), "alpha": [1e-10, 1e-8, 1e-6, 1e-4]},
    )

    def inv(d):
        return np.sort(1.0 / d, axis=1)[:, ::-1]

    order = np.random.default_rng(0).permutation(100)
    for n in (10, 50):
        tr = order[:n]
        a = np.mean(np.abs(additive.fit(D[tr], E[tr]).predict(D_te) - E_te))
        g = np.mean(np.abs(glob.fit(inv(D[tr]), E[tr]).predict(inv(D_te)) - E_te))
        assert a < g
    assert a < 1e-3 * g  # orders of magnitude by 50 clusters
