"""The start-up file of ``make notebooks-perturbed`` really perturbs the data, and only slightly."""

import runpy
from pathlib import Path

import numpy as np

import lj_helpers as lj

STARTUP = (
    Path(__file__).resolve().parent
    / "perturbed/ipython/profile_default/startup/00_perturb_energies.py"
)


def test_perturbed_energies_differ_from_exact_ones_by_at_most_1e_13(monkeypatch):
    names = ("lennard_jones", "lennard_jones_force", "cluster_energy", "cluster_forces")
    for name in names:  # monkeypatch restores the originals after the test
        monkeypatch.setattr(lj, name, getattr(lj, name))
    r = np.linspace(0.9, 2.0, 500)
    original = lj.lennard_jones
    exact = original(r)
    runpy.run_path(str(STARTUP))
    assert all(getattr(lj, name).perturbed for name in names)
    relative = np.abs(lj.lennard_jones(r) / exact - 1)
    assert 0 < relative.max() <= 2e-13
    X, y = lj.dimer_dataset()
    assert lj.lennard_jones is not original
    assert np.all(y != original(X[:, 0]))  # the data set holds perturbed energies
    assert np.any(lj.lennard_jones(X[:, 0]) != lj.lennard_jones(X[:, 0]))  # fresh noise per call
