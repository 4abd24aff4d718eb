"""Exercise 3 of notebook 09: a many-body term; a random 200 vs the perturbed half only."""

import numpy as np

import lj_helpers as lj

pool = lj.random_clusters(200, 7, kind="perturbed", random_state=0)
pool += lj.random_clusters(200, 7, kind="compact", random_state=0)  # pool: perturbed, then compact
test = lj.random_clusters(100, 7, kind="perturbed", random_state=100)
test += lj.random_clusters(100, 7, kind="compact", random_state=100)
D_pool, D_test = lj.pair_distance_table(pool), lj.pair_distance_table(test)
E_pool = np.array([lj.cluster_energy(c) for c in pool])
E_test = np.array([lj.cluster_energy(c) for c in test])


def many_body(D, n_atoms=7):
    close = np.sum(np.nan_to_num(D, nan=10.0) < 1.2, axis=1)
    return 0.002 * close**2 / n_atoms


grid = {"length_scale": [0.01, 0.02, 0.04], "alpha": [1e-8, 1e-6]}  # small grid, holds both picks
target_test = E_test + many_body(D_test)
spread = np.mean(np.abs(many_body(D_test) - many_body(D_test).mean())) / 7
print(f"spread of the added term per atom (mean absolute deviation): {spread:.1e} epsilon")
training_sets = {
    "a random 200 of the pool": np.random.default_rng(0).permutation(len(E_pool))[:200],
    "the first 200 rows (perturbed only)": np.arange(200),
}
for name, train in training_sets.items():
    model = lj.KernelGridSearch(lj.PairAdditiveKernelRidge(), grid)
    model.fit(D_pool[train], E_pool[train] + many_body(D_pool[train]))
    test_mae = np.mean(np.abs(model.predict(D_test) - target_test)) / 7
    loo_mae = -model.best_score_ / 7
    print(
        f"trained on {name}: test MAE per atom {test_mae:.1e}, "
        f"leave-one-out MAE per atom {loo_mae:.1e} epsilon"
    )
