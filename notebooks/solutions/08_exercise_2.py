"""Exercise 2 of notebook 08: shifting the single energy moves the whole curve, not the forces."""

import numpy as np

import lj_helpers as lj

X, y = lj.dimer_dataset()
F = lj.lennard_jones_force(X[:, 0])
X_grid, _ = lj.dimer_dataset(n_points=500)
params = dict(
    length_scale=2.0, alpha_energy=1e-12, alpha_force=1e-12, representation="r^-6", energies="one"
)
idx = np.random.default_rng(1).permutation(50)[:15]
base = lj.EnergyForceKernelRidge(**params).fit(X[idx], y[idx], forces=F[idx])
y_shift = y[idx].copy()
y_shift[0] += 1.0  # the one energy the model uses (energies="one" keeps the first)
shifted = lj.EnergyForceKernelRidge(**params).fit(X[idx], y_shift, forces=F[idx])
energy_shift = shifted.predict(X_grid) - base.predict(X_grid)
force_change = np.abs(shifted.predict_forces(X_grid) - base.predict_forces(X_grid))
print(f"energy shift on the grid: min {energy_shift.min():.3f}, max {energy_shift.max():.3f}")
print(f"largest change of the predicted force: {force_change.max():.0e} epsilon/sigma")
