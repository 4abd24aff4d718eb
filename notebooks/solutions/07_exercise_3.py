"""Exercise 3 of notebook 07: the full LJ form as a fitted prior leaves nothing to learn."""

import numpy as np

import lj_helpers as lj

X, y = lj.dimer_dataset()
X_grid, y_grid = lj.dimer_dataset(n_points=500)
full = lj.GaussianKernelRidge(
    length_scale=0.2, alpha=1e-8, representation="1/r", prior=lj.InversePowerPrior(powers=(12, 6))
)
curve = lj.learning_curve(full, X, y, [5], n_repeats=20, X_test=X_grid, y_test=y_grid)
print(f"full LJ prior, N = 5: mean test MAE {curve['mae'].mean():.0e} epsilon")
idx = np.random.default_rng(0).permutation(50)[:5]
coef = lj.InversePowerPrior(powers=(12, 6)).fit(X[idx], y[idx]).coef_
print(
    f"fitted coefficients on one 5-point set: C12 = {coef[0]:.6f}, C6 = {coef[1]:.6f} (true: 4, -4)"
)
