# Exercise 3 (notebook 05): a wall prior that is continuous with the data, on both protocols
import numpy as np

import lj_helpers as lj

X, y = lj.dimer_dataset()
X_grid, y_grid = lj.dimer_dataset(n_points=500)
ex3_gamma = float(lj.lennard_jones(0.9)) / 0.1  # line through U(0.9) at r = 0.9, zero at r0 = 1
ex3_priors = {
    "blog's wall": lj.LinearWallPrior(),
    "continuous wall": lj.LinearWallPrior(gamma=ex3_gamma, r0=1.0),
}
ex3_protocols = {
    "complement (2000 splits)": {"n_repeats": 2000},
    "fixed grid (first 100 splits)": {"n_repeats": 100, "X_test": X_grid, "y_test": y_grid},
}
for ex3_protocol, ex3_options in ex3_protocols.items():
    ex3_maes = {}
    for name, prior in ex3_priors.items():
        model = lj.LaplacianKernelRidge(length_scale=0.1, alpha=1e-9, prior=prior)
        curve = lj.learning_curve(model, X, y, [25], random_state=0, **ex3_options)
        ex3_maes[name] = curve["mae"].to_numpy()
    blog, continuous = ex3_maes["blog's wall"], ex3_maes["continuous wall"]
    ex3_diff = continuous - blog  # paired: same splits
    sem = ex3_diff.std(ddof=1) / np.sqrt(ex3_diff.size)
    print(
        f"{ex3_protocol}: blog's wall {blog.mean():.4f}, continuous wall {continuous.mean():.4f} "
        f"epsilon (ratio {continuous.mean() / blog.mean():.2f}); paired difference "
        f"{ex3_diff.mean():+.4f} +- {sem:.4f} (standard error)"
    )
# split 0 leaves r = 0.9 out: the error at the wall itself
ex3_train = lj.random_orderings(50, 1, random_state=0)[0, :25]
for name, prior in ex3_priors.items():
    model = lj.LaplacianKernelRidge(length_scale=0.1, alpha=1e-9, prior=prior)
    at_wall = model.fit(X[ex3_train], y[ex3_train]).predict(X[:1])[0]
    print(f"split 0, {name}: error at r = 0.9 is {abs(at_wall - y[0]):.2f} epsilon")
