"""Exercise 2 of notebook 06: raw error bars with leave-one-out hyperparameters."""

import numpy as np

import lj_helpers as lj

X, y = lj.dimer_dataset()
grid = {"length_scale": np.geomspace(0.05, 2.0, 8), "alpha": [1e-12, 1e-9, 1e-6]}
base = lj.GaussianKernelRidge(representation="1/r")
z = {
    "loo": {"interpolated": [], "extrapolated": []},
    "ML-II": {"interpolated": [], "extrapolated": []},
}
length_scales = {"loo": [], "ML-II": []}
for seed in range(20):  # the first 20 of the 60 training sets of Section 4 (kept short for speed)
    order = np.random.default_rng(seed).permutation(50)
    tr, te = order[:12], order[12:]
    outside = lj.outside_training_range(X[tr], X[te])[:, 0]
    for name, criterion in (("loo", "loo"), ("ML-II", "marginal_likelihood")):
        search = lj.KernelGridSearch(base, grid, criterion=criterion).fit(X[tr], y[tr])
        length_scales[name].append(search.best_params_["length_scale"])
        m, s = search.predict(X[te], return_std=True)
        zz = np.abs(m - y[te]) / s
        z[name]["interpolated"].append(zz[~outside])
        z[name]["extrapolated"].append(zz[outside])
for name in z:
    cover = {kind: np.mean(np.concatenate(v) < 1.96) for kind, v in z[name].items()}
    print(
        f"{name:>5} hyperparameters: inside the 95% interval: "
        f"interpolated {cover['interpolated']:.0%}, extrapolated {cover['extrapolated']:.0%}; "
        f"median length scale {np.median(length_scales[name]):.2f}"
    )
