"""Exercise 2 of notebook 03: the sign of the error with ell = 0.3."""

import numpy as np
from scipy.linalg import cho_factor, cho_solve

import lj_helpers as lj

X, y = lj.dimer_dataset()
order = lj.random_orderings(50, 2000, random_state=0)
K_03 = lj.laplacian_kernel(X, X, 0.3)
residuals = np.empty((2000, 25))
for i in range(2000):
    tr, te = order[i, :25], order[i, 25:]
    c = cho_solve(cho_factor(K_03[np.ix_(tr, tr)] + 1e-9 * np.eye(25)), y[tr])
    residuals[i] = K_03[np.ix_(te, tr)] @ c - y[te]  # prediction minus truth

r_te, r_tr = X[order[:, 25:], 0], X[order[:, :25], 0]
outside = (r_te < r_tr.min(axis=1, keepdims=True)) | (r_te > r_tr.max(axis=1, keepdims=True))
inside = ~outside
under = inside & (residuals < 0)
above = np.sum(residuals[inside] > 0)
print(f"ell = 0.3: interpolated test points above truth: {above} of {inside.sum()}")
print(
    f"underestimated interpolated points: {under.sum()}, "
    f"at r from {r_te[under].min():.2f} to {r_te[under].max():.2f}"
)
print(f"largest underestimate: {-residuals[under].min():.1e} epsilon")
r_fine = np.linspace(0.9, 2.0, 100_001)
curvature = 4 * (156 * r_fine**-14 - 42 * r_fine**-8)  # U''(r)
fails = r_fine[curvature - lj.lennard_jones(r_fine) / 0.3**2 < 0]
print(f"U'' - U/ell^2 < 0 for r from {fails.min():.2f} to {fails.max():.2f}")
in_interval = (r_te[under] >= fails.min()) & (r_te[under] <= fails.max())
print(f"underestimated points inside that interval: {np.mean(in_interval):.0%}")
