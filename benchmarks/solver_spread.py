"""Leave-one-out MAE by Cholesky vs one eigendecomposition, and its spread under 1e-13 changes.

For the Gaussian model on r^-6 and on 1/r at N = 25 (3 training sets, seed 1000),
each length scale and alpha: the exact leave-one-out MAE ``mean |c_i / [G^-1]_ii|``
from a Cholesky factor of ``G = K + alpha I`` and from ``K = V diag(lam) V^T``
(one eigendecomposition per length scale, shared by every alpha), and the largest
relative change of each under three 1e-13 perturbations of the energies.
Results: ``benchmarks/solver_spread.txt``; see ``ACCURACY_NOTES.md``.

Usage: ``python benchmarks/solver_spread.py``
"""

import numpy as np
import scipy.linalg as sl

import lj_helpers as lj

X, y = lj.dimer_dataset()
order = lj.random_orderings(50, 5, 1000)
rng = np.random.default_rng(0)


def loo_chol(K, t, a):
    L = np.linalg.cholesky(K + a * np.eye(len(t)))
    c = sl.cho_solve((L, True), t)
    Gi = sl.cho_solve((L, True), np.eye(len(t)))
    return np.mean(np.abs(c / np.diag(Gi)))


def loo_eigh(K, t, a, kappa=0.0):
    lam, V = np.linalg.eigh(K)
    lam = np.maximum(lam, kappa * lam[-1])
    d = 1 / (lam + a)
    c = V @ (d * (V.T @ t))
    gii = (V**2) @ d
    return np.mean(np.abs(c / gii))


for rep in ["r^-6", "1/r"]:
    for ell in [1.0, 3.0, 10.0] if rep == "r^-6" else [0.3, 1.0]:
        m = lj.GaussianKernelRidge(length_scale=ell, representation=rep)
        for a in [1e-14, 1e-13, 1e-12, 1e-11, 1e-10]:
            res = {"chol": [], "eigh": []}
            for row in order[:3]:
                tr = row[:25]
                for p in range(4):
                    yp = y[tr] * (1 + rng.uniform(-1e-13, 1e-13, 25)) if p else y[tr]
                    K = m.gram_matrix(X[tr], X[tr])
                    try:
                        res["chol"].append(loo_chol(K, yp, a))
                    except Exception:
                        res["chol"].append(np.nan)
                    res["eigh"].append(loo_eigh(K, yp, a))
            out = []
            for k, v in res.items():
                v = np.array(v).reshape(3, 4)
                spread = np.nanmax(np.abs(v - v[:, :1]) / v[:, :1])
                out.append(f"{k}: loo {np.nanmean(v):.2e} spread {spread:.1e}")
            print(rep, ell, a, " | ".join(out), flush=True)
