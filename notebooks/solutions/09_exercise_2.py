"""Exercise 2 of notebook 09: train on LJ13 clusters, test on both kinds of LJ7 cluster."""

import numpy as np

import lj_helpers as lj

lj13 = lj.random_clusters(100, 13, kind="perturbed", random_state=200)
test = lj.random_clusters(100, 7, kind="perturbed", random_state=100)
test += lj.random_clusters(100, 7, kind="compact", random_state=100)
kind = np.repeat(["perturbed", "compact"], 100)
D_13 = lj.pair_distance_table(lj13)
E_13 = np.array([lj.cluster_energy(c) for c in lj13])
D_test = lj.pair_distance_table(test)
E_test = np.array([lj.cluster_energy(c) for c in test])

grid = {"length_scale": [0.01, 0.02, 0.04, 0.08], "alpha": [1e-10, 1e-8, 1e-6]}
model = lj.KernelGridSearch(lj.PairAdditiveKernelRidge(), grid).fit(D_13, E_13)
pred = model.predict(D_test)
longest = np.nanmax(D_13)
print(f"longest pair in the 100 LJ13 training clusters: {longest:.2f} sigma")
for k in ("perturbed", "compact"):
    sel = kind == k
    mae = np.mean(np.abs(pred[sel] - E_test[sel])) / 7
    beyond = np.mean(np.nanmax(D_test[sel], axis=1) > longest)
    print(
        f"{k:>9} LJ7 test clusters: MAE per atom {mae:.0e} epsilon; "
        f"{beyond:.0%} have a pair beyond {longest:.2f} sigma"
    )
