"""Time one energy-and-forces call on LJ13: KernelCalculator versus ASE's LennardJones.

Both calculators are timed in the same run on the same moving cluster (every
call sees new positions, as in molecular dynamics, so no cached result is
reused), best of several repeats. The learned model is a
``lj_helpers.PairAdditiveKernelRidge`` fitted to 200 LJ13 clusters; ASE's
``LennardJones`` uses a cutoff beyond every pair and no smoothing. Target: the
learned calculator no slower than ASE's LJ (ratio <= 1).

Usage: ``python benchmarks/calculator_speed.py``
"""

import time

import numpy as np
from ase import Atoms
from ase.calculators.lj import LennardJones

import lj_helpers as lj


def time_calls(calc, positions, n_calls=300, repeats=7):
    atoms = Atoms("X13", positions=positions[0], masses=[1.0] * 13)
    atoms.calc = calc
    best = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        for k in range(n_calls):
            atoms.positions = positions[k]
            atoms.get_potential_energy()
            atoms.get_forces()
        best = min(best, (time.perf_counter() - start) / n_calls)
    return best


def main():
    clusters = lj.random_clusters(100, 13, kind="compact", random_state=0)
    clusters += lj.random_clusters(100, 13, kind="perturbed", random_state=1)
    D = lj.pair_distance_table(clusters)
    E = np.array([lj.cluster_energy(c) for c in clusters])
    model = lj.PairAdditiveKernelRidge(length_scale=0.04, alpha=1e-8).fit(D, E)
    rng = np.random.default_rng(0)
    path = lj.lj_cluster_minimum(13) + rng.normal(0, 0.01, (300, 13, 3))

    t_kernel = time_calls(lj.KernelCalculator(model), path)
    t_ase = time_calls(LennardJones(sigma=1.0, epsilon=1.0, rc=1000.0, smooth=False), path)
    print(f"LJ13 energy + forces, best of 7 x 300 calls ({model.n_basis} basis functions):")
    print(f"  KernelCalculator (learned):  {t_kernel * 1e6:8.1f} us per call")
    print(f"  ase LennardJones (analytic): {t_ase * 1e6:8.1f} us per call")
    print(f"  ratio learned / ASE LJ: {t_kernel / t_ase:.2f} (target <= 1)")


if __name__ == "__main__":
    main()
