"""Exercise 1 of notebook 03: the wall point of split 0 for three length scales."""

import numpy as np

import lj_helpers as lj

X, y = lj.dimer_dataset()
order = lj.random_orderings(50, 2000, random_state=0)
train = order[0, :25]  # split 0 leaves r = 0.9 out
r1 = X[train, 0].min()
print(f"smallest training distance r1 = {r1:.4f}, U(r1) = {lj.lennard_jones(r1):.3f}")
print(f"truth at r = 0.9: {y[0]:.2f}")
for ell in (0.1, 1.0, 0.02):
    # below r1 every bump is centred to the right: U_hat(r) = U_hat(r1) exp(-(r1 - r) / ell)
    predicted = lj.lennard_jones(r1) * np.exp(-(r1 - 0.9) / ell)
    model = lj.LaplacianKernelRidge(length_scale=ell, alpha=1e-9).fit(X[train], y[train])
    fitted = model.predict(X[:1])[0]
    print(f"ell = {ell:4}: formula {predicted:.2f}, fitted model {fitted:.2f}, truth {y[0]:.2f}")
