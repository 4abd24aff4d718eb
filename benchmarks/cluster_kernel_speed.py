"""Time to build the pair-additive kernel matrix for 500 LJ13 clusters (78 pairs each).

Builds the 500 x 500 Gram matrix of ``lj_helpers.PairAdditiveKernelRidge`` (the
per-cluster basis sums, then one matrix product) and, side by side on a subset
of 20 clusters, the same entries by an explicit double sum over pairs, so the
ratio of the two is measured in one run. Target: under 2 s for the full matrix.

Usage: ``python benchmarks/cluster_kernel_speed.py``
"""

import time

import numpy as np

import lj_helpers as lj


def main():
    clusters = lj.random_clusters(500, 13, random_state=0)
    model = lj.PairAdditiveKernelRidge()
    start = time.perf_counter()
    D = lj.pair_distance_table(clusters)
    phi = model.features(D)
    K = phi @ phi.T
    t_full = time.perf_counter() - start
    print(f"500 x 500 pair-additive Gram matrix (78 pairs per cluster): {t_full:.3f} s")

    sub = D[:20]
    start = time.perf_counter()
    g = model.basis(sub)  # (20, 78, n_basis)
    brute = np.einsum("ipm,jqm->ij", g, g)  # every pair of pairs, explicitly
    t_brute = time.perf_counter() - start
    start = time.perf_counter()
    fast = model.features(sub) @ model.features(sub).T
    t_fast = time.perf_counter() - start
    worst = np.max(np.abs(brute - fast) / np.abs(brute))
    print(
        f"20 x 20 block: explicit double sum {t_brute * 1e3:.2f} ms, basis sums "
        f"{t_fast * 1e3:.2f} ms, ratio {t_brute / t_fast:.1f}x, max relative difference {worst:.1e}"
    )
    print(f"matrix symmetric: {np.allclose(K, K.T)}, diagonal positive: {np.all(np.diag(K) > 0)}")


if __name__ == "__main__":
    main()
