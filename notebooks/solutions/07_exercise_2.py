"""Exercise 2 of notebook 07: does the representation help the Laplacian kernel as much?"""

import numpy as np

import lj_helpers as lj

X, y = lj.dimer_dataset()
X_grid, y_grid = lj.dimer_dataset(n_points=500)
lap_grid = {"length_scale": np.geomspace(0.01, 30, 10), "alpha": [1e-10, 1e-8, 1e-6]}
gauss_grid = {"length_scale": np.geomspace(0.02, 30, 12), "alpha": [1e-10, 1e-8, 1e-6]}
mae = {}
for kernel, model, grid in (
    ("Laplacian", lj.LaplacianKernelRidge, lap_grid),
    ("Gaussian", lj.GaussianKernelRidge, gauss_grid),
):
    for rep in ("r", "r^-6"):
        search = lj.KernelGridSearch(model(representation=rep), grid)
        curve = lj.learning_curve(search, X, y, [25], n_repeats=10, X_test=X_grid, y_test=y_grid)
        mae[kernel, rep] = curve["mae"].mean()
        print(f"{kernel:>9} on {rep:>4}: mean test MAE {mae[kernel, rep]:.1e} epsilon at N = 25")
for kernel in ("Laplacian", "Gaussian"):
    print(f"{kernel}: MAE on r / MAE on r^-6 = {mae[kernel, 'r'] / mae[kernel, 'r^-6']:.1f}")
