# Exercise 3 (notebook 10): close the hole with compressed training clusters.
import numpy as np
from ase import Atoms
from ase.calculators.lj import LennardJones
from ase.optimize import LBFGS
from scipy.spatial.distance import pdist

import lj_helpers as lj


def true_lj():
    """ASE's own LJ without cutoff effects; equal to lj.cluster_energy/forces to 1e-10."""
    return LennardJones(sigma=1.0, epsilon=1.0, rc=1000.0, smooth=False)


def relax(positions, calc):
    atoms = Atoms("X13", positions=positions, masses=[1.0] * 13)
    atoms.calc = calc
    LBFGS(atoms, logfile=None).run(fmax=1e-3, steps=1000)
    return atoms


# the notebook's training set: 200 clusters drawn at random from the pool of 600
pool = lj.random_clusters(300, 13, kind="compact", random_state=0)
pool += lj.random_clusters(300, 13, kind="perturbed", noise=0.1, random_state=1)
train = [pool[i] for i in np.random.default_rng(0).permutation(len(pool))[:200]]
squeezed = lj.random_clusters(30, 13, kind="compact", min_distance=0.75, random_state=7)

starts = lj.random_clusters(20, 13, kind="compact", random_state=42)
cases = (
    ("200 clusters (notebook)", train, (0.75, 3.0)),
    ("+ 30 with short contacts, basis from 0.6 sigma", train + squeezed, (0.6, 3.0)),
)
for label, clusters, r_range in cases:
    D = lj.pair_distance_table(clusters)
    E = np.array([lj.cluster_energy(c) for c in clusters])
    model = lj.PairAdditiveKernelRidge(length_scale=0.04, alpha=1e-10, r_range=r_range).fit(D, E)
    learned, true = relax(starts[5], lj.KernelCalculator(model)), relax(starts[5], true_lj())
    u = model.pair_potential(np.array([0.6, 0.7, 0.75, 0.8]))
    print(f"{label}: shortest training pair {np.nanmin(D):.2f} sigma")
    print(
        f"    learned u(0.6, 0.7, 0.75, 0.8 sigma) = {u[0]:.1f}, {u[1]:.1f}, {u[2]:.1f}, "
        f"{u[3]:.1f} epsilon (true 1751.8, 255.0, 103.8, 42.9)"
    )
    print(
        f"    start 5: learned minimum E = {learned.get_potential_energy():.2f} epsilon "
        f"(closest pair {pdist(learned.positions).min():.2f} sigma), true minimum E = "
        f"{true.get_potential_energy():.2f} epsilon"
    )
