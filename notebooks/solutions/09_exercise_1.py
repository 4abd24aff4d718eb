"""Exercise 1 of notebook 09: the dual (200 x 200) and primal (80 x 80) solves agree."""

import numpy as np

import lj_helpers as lj

clusters = lj.random_clusters(100, 7, kind="perturbed", random_state=0)
clusters += lj.random_clusters(100, 7, kind="compact", random_state=0)
D = lj.pair_distance_table(clusters)
E = np.array([lj.cluster_energy(c) for c in clusters])

alpha = 1e-6
phi = lj.PairAdditiveKernelRidge().features(D)  # n x m = 200 x 80
n, m = phi.shape

# Dual: (Phi Phi^T + alpha I_n) c = E, then w = Phi^T c.
c = np.linalg.solve(phi @ phi.T + alpha * np.eye(n), E)
w_dual = phi.T @ c
# Primal: least squares on the stacked matrix [Phi; sqrt(alpha) I_m].
stacked = np.vstack([phi, np.sqrt(alpha) * np.eye(m)])
w_primal = np.linalg.lstsq(stacked, np.concatenate([E, np.zeros(m)]), rcond=None)[0]

difference = np.max(np.abs(w_dual - w_primal)) / np.max(np.abs(w_primal))
rank = np.linalg.matrix_rank(phi @ phi.T)
print(f"Phi is {n} x {m}; numerical rank of Phi Phi^T: {rank} (at most {m})")
print(f"largest relative difference of the weights, dual vs primal: {difference:.0e}")
dual_condition = np.linalg.cond(phi @ phi.T + alpha * np.eye(n))
print(f"condition number of Phi Phi^T + alpha I: {dual_condition:.0e}")
print(f"condition number of [Phi; sqrt(alpha) I]: {np.linalg.cond(stacked):.0e}")
