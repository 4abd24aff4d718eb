# Exercise 2 (notebook 10): how does the NVE energy fluctuation scale with the time step?
import numpy as np
from ase import Atoms, units
from ase.calculators.lj import LennardJones
from ase.md.velocitydistribution import Stationary, ZeroRotation, thermalize_momenta
from ase.md.verlet import VelocityVerlet

import lj_helpers as lj


def true_lj():
    """ASE's own LJ without cutoff effects; equal to lj.cluster_energy/forces to 1e-10."""
    return LennardJones(sigma=1.0, epsilon=1.0, rc=1000.0, smooth=False)


# the learned model of the notebook (fixed hyperparameters, same 200 random training clusters)
pool = lj.random_clusters(300, 13, kind="compact", random_state=0)
pool += lj.random_clusters(300, 13, kind="perturbed", noise=0.1, random_state=1)
train = np.random.default_rng(0).permutation(len(pool))[:200]
D = lj.pair_distance_table([pool[i] for i in train])
E = np.array([lj.cluster_energy(pool[i]) for i in train])
model = lj.PairAdditiveKernelRidge(length_scale=0.04, alpha=1e-10).fit(D, E)

start = Atoms("X13", positions=lj.lj_cluster_minimum(13), masses=[1.0] * 13)
thermalize_momenta(start, temperature_K=0.4 / units.kB, rng=np.random.default_rng(3))
Stationary(start)
ZeroRotation(start)


def fluctuation(calc, dt, duration=1.0):
    atoms = start.copy()
    atoms.calc = calc
    totals = []
    dyn = VelocityVerlet(atoms, timestep=dt)
    dyn.attach(lambda: totals.append(atoms.get_total_energy()), interval=2)
    dyn.run(int(round(duration / dt)))  # the same physical time for both steps
    return np.std(totals)


for name, make in (("true", true_lj), ("learned", lambda: lj.KernelCalculator(model))):
    small, large = fluctuation(make(), 0.005), fluctuation(make(), 0.01)
    print(
        f"{name:>7}: std of E_total {small:.2e} (dt = 0.005) and {large:.2e} (dt = 0.01) epsilon; "
        f"ratio {large / small:.1f} (second order predicts 4)"
    )
