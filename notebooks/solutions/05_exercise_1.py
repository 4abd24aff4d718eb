# Exercise 1 (notebook 05): the prediction below the smallest training distance
import numpy as np

import lj_helpers as lj

X, y = lj.dimer_dataset()
wall_prior = lj.LinearWallPrior(gamma=150.0, r0=0.95)
ell = 0.1
order = lj.random_orderings(50, 2000, random_state=0)
train = order[0, :25]  # split 0 leaves r = 0.9 out
r_min = X[train, 0].min()
decay = np.exp(-(r_min - 0.9) / ell)
U_min = lj.lennard_jones(r_min)
formulas = {
    "without prior": U_min * decay,
    "with prior": wall_prior.predict([[0.9]])[0]
    + (U_min - wall_prior.predict([[r_min]])[0]) * decay,
}
print(f"split 0: r_min = {r_min:.3f} sigma, decay factor exp(-(r_min - 0.9)/ell) = {decay:.3f}")
print(f"last training energy U(r_min) = {U_min:.3f} epsilon")
for name, prior in (("without prior", None), ("with prior", wall_prior)):
    model = lj.LaplacianKernelRidge(length_scale=ell, alpha=1e-9, prior=prior).fit(
        X[train], y[train]
    )
    fitted = model.predict([[0.9]])[0]
    print(
        f"{name:>13}: formula {formulas[name]:.4f}, fitted model {fitted:.4f}, "
        f"true U(0.9) = {lj.lennard_jones(0.9):.4f} epsilon"
    )
