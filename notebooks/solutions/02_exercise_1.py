"""Exercise 1 of notebook 02: the ridge objective's gradient vanishes where (K + alpha I) c = y."""

import numpy as np

import lj_helpers as lj

X, y = lj.dimer_dataset()
order = lj.random_orderings(50, 2000, random_state=0)
train = order[19, :25]  # split 19: trains on both end points
alpha = 1e-9
model = lj.LaplacianKernelRidge(length_scale=0.1, alpha=alpha).fit(X[train], y[train])
K = model.gram_matrix(X[train], X[train])
c = model.dual_coef_

# J(c) = |y - K c|^2 + alpha c^T K c  ->  grad J = 2 K [(K + alpha I) c - y]
gradient = 2 * K @ ((K + alpha * np.eye(len(c))) @ c - y[train])
print(f"largest |coefficient|: {np.abs(c).max():.1f}")
print(f"largest |gradient of J| at the fitted coefficients: {np.abs(gradient).max():.0e}")
print("gradient zero to 1e-9:", np.allclose(gradient, 0.0, atol=1e-9))
