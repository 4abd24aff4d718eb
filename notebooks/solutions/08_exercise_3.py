"""Exercise 3 of notebook 08: forces of a smooth model trained on energies only."""

import numpy as np

import lj_helpers as lj

X, y = lj.dimer_dataset()
X_grid, _ = lj.dimer_dataset(n_points=500)
F_grid = lj.lennard_jones_force(X_grid[:, 0])
idx = lj.random_orderings(50, 10, random_state=0)[0, :25]  # training set 0 of the notebook

# the same alpha floor as the zoo's energies + forces model (1e-14), so the comparison is fair
grid = {
    "length_scale": np.geomspace(0.3, 30.0, 10),
    "alpha_energy": [1e-14, 1e-12, 1e-10, 1e-8, 1e-6],
}
energy_only = lj.KernelGridSearch(lj.EnergyForceKernelRidge(representation="r^-6"), grid)
energy_only.fit(X[idx], y[idx])
force_mae = np.mean(np.abs(energy_only.best_estimator_.predict_forces(X_grid) - F_grid))
print(f"Gaussian on r^-6 from 25 energies only: force MAE {force_mae:.0e} epsilon/sigma")

seed = lj.LaplacianKernelRidge(length_scale=0.1, alpha=1e-9).fit(X[idx], y[idx])
h = 1e-5
seed_force = -(seed.predict(X_grid + h) - seed.predict(X_grid - h)) / (2 * h)
seed_mae = np.mean(np.abs(seed_force - F_grid))
print(f"seed Laplacian model, same 25 energies:   force MAE {seed_mae:.1f} epsilon/sigma")

same_split = np.array_equal(idx, np.random.default_rng(0).permutation(50)[:25])
search = dict(lj.model_zoo())["Gaussian on r^-6, energies + forces"][0]
F = lj.lennard_jones_force(X[:, 0])
with_forces = search.fit(X[idx], y[idx], forces=F[idx]).best_estimator_
ef_mae = np.mean(np.abs(with_forces.predict_forces(X_grid) - F_grid))
print(
    f"energies + forces model (section 2), same training set {same_split}: force MAE {ef_mae:.0e}"
)
print(f"energies only is worse by a factor of {force_mae / ef_mae:.0f}")
