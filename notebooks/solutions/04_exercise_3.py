# Exercise 3 (notebook 04): a wall prior that is continuous with the data, on both protocols
import lj_helpers as lj

X, y = lj.dimer_dataset()
X_grid, y_grid = lj.dimer_dataset(n_points=500)
gamma = float(lj.lennard_jones(0.9)) / 0.1  # line through U(0.9) at r = 0.9, zero at r0 = 1
priors = {
    "blog's wall": lj.LinearWallPrior(),
    "continuous wall": lj.LinearWallPrior(gamma=gamma, r0=1.0),
}
protocols = {
    "complement (2000 splits)": {"n_repeats": 2000},
    "fixed grid (first 100 splits)": {"n_repeats": 100, "X_test": X_grid, "y_test": y_grid},
}
for protocol, options in protocols.items():
    means = {}
    for name, prior in priors.items():
        model = lj.LaplacianKernelRidge(length_scale=0.1, alpha=1e-9, prior=prior)
        means[name] = lj.learning_curve(model, X, y, [25], random_state=0, **options)["mae"].mean()
    ratio = means["continuous wall"] / means["blog's wall"]
    blog, continuous = means["blog's wall"], means["continuous wall"]
    print(
        f"{protocol}: blog's wall {blog:.4f}, continuous wall {continuous:.4f} epsilon "
        f"(ratio {ratio:.2f})"
    )
