"""Exercise 2 of notebook 02: a Gaussian-kernel model from scratch on split 19."""

import numpy as np
from scipy.linalg import cho_factor, cho_solve
from scipy.spatial.distance import cdist

import lj_helpers as lj

X, y = lj.dimer_dataset()
order = lj.random_orderings(50, 2000, random_state=0)
train, test = order[19, :25], order[19, 25:]  # split 19: every test point interpolated
ls, a = 0.15, 1e-6

K = np.exp(-cdist(X[train], X[train], "sqeuclidean") / (2 * ls**2))
c = cho_solve(cho_factor(K + a * np.eye(len(K))), y[train])
pred = np.exp(-cdist(X[test], X[train], "sqeuclidean") / (2 * ls**2)) @ c

reference = lj.GaussianKernelRidge(length_scale=ls, alpha=a).fit(X[train], y[train])
laplacian = lj.LaplacianKernelRidge(length_scale=0.1, alpha=1e-9).fit(X[train], y[train])
mae_gauss = np.mean(np.abs(pred - y[test]))
mae_lap = np.mean(np.abs(laplacian.predict(X[test]) - y[test]))
print(
    f"max |scratch - GaussianKernelRidge| = {np.abs(pred - reference.predict(X[test])).max():.0e}"
)
print(f"test MAE: Gaussian {mae_gauss:.3f}, Laplacian {mae_lap:.3f} epsilon")
print(f"the Gaussian model is {mae_lap / mae_gauss:.0f} times more accurate on this split")
for ls_lap in (0.15, 0.26):  # the Gaussian's length scale, and the Laplacian's best on split 19
    other = lj.LaplacianKernelRidge(length_scale=ls_lap, alpha=1e-9).fit(X[train], y[train])
    mae_other = np.mean(np.abs(other.predict(X[test]) - y[test]))
    print(f"Laplacian at ell = {ls_lap}: test MAE {mae_other:.3f}")
