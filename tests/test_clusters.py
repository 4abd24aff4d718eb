"""Specification of the cluster helpers behind notebook 08."""

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

import lj_helpers as lj


def test_equilateral_triangle_energy_is_three_pair_energies():
    side = 1.15
    tri = np.array([[0, 0, 0], [side, 0, 0], [side / 2, side * np.sqrt(3) / 2, 0]])
    assert lj.cluster_energy(tri) == pytest.approx(3 * lj.lennard_jones(side), rel=1e-14)


def test_dimer_cluster_energy_is_the_pair_potential():
    assert lj.cluster_energy([[0, 0, 0], [0, 0, 1.3]]) == pytest.approx(lj.lennard_jones(1.3))


@pytest.mark.parametrize(("n_atoms", "energy"), [(7, -16.505384), (13, -44.326801)])
def test_known_global_minima_energies(n_atoms, energy):
    positions = lj.lj_cluster_minimum(n_atoms)
    assert positions.shape == (n_atoms, 3)
    assert lj.cluster_energy(positions) == pytest.approx(energy, abs=1e-3)
    assert np.abs(lj.cluster_forces(positions)).max() < 1e-4


def test_cluster_forces_are_minus_numerical_gradient():
    positions = lj.random_clusters(1, 7, random_state=3)[0]
    h = 1e-6
    numeric = np.zeros_like(positions)
    for i in range(7):
        for k in range(3):
            step = np.zeros_like(positions)
            step[i, k] = h
            numeric[i, k] = -(
                lj.cluster_energy(positions + step) - lj.cluster_energy(positions - step)
            ) / (2 * h)
    np.testing.assert_allclose(lj.cluster_forces(positions), numeric, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("kind", ["perturbed", "compact"])
def test_random_clusters_are_seeded_and_never_overlap(kind):
    a = lj.random_clusters(20, 13, kind=kind, random_state=1)
    b = lj.random_clusters(20, 13, kind=kind, random_state=1)
    c = lj.random_clusters(20, 13, kind=kind, random_state=2)
    np.testing.assert_array_equal(np.array(a), np.array(b))
    assert not np.allclose(np.array(a), np.array(c))
    assert min(lj.pair_distance_table(a)[:, :].min(axis=1)) >= 0.85


def test_pair_distance_table_pads_smaller_clusters_with_nan():
    table = lj.pair_distance_table(lj.random_clusters(2, 7) + lj.random_clusters(1, 13))
    assert table.shape == (3, 78)
    assert np.isnan(table[0, 21:]).all()
    assert not np.isnan(table[2]).any()


@pytest.mark.parametrize(
    "bad",
    [np.zeros((1, 3)), np.zeros((4, 2)), np.array([[0, 0, 0], [0, 0, 0.0], [1, 0, 0]]),
     np.array([[0, 0, 0], [np.nan, 0, 1]])],
)  # fmt: skip
def test_bad_clusters_raise_clear_errors(bad):
    with pytest.raises(ValueError, match="at least 2 atoms|shape|overlap|NaN"):
        lj.cluster_energy(bad)


def test_random_clusters_reject_bad_arguments():
    with pytest.raises(ValueError, match="kind"):
        lj.random_clusters(2, 7, kind="gas")
    with pytest.raises(ValueError, match="known minima"):
        lj.random_clusters(2, 9, kind="perturbed")


def test_pair_additive_kernel_is_the_double_sum_of_pair_kernels():
    model = lj.PairAdditiveKernelRidge(length_scale=0.05, n_basis=40)
    clusters = lj.random_clusters(3, 7, random_state=0) + lj.random_clusters(2, 13, random_state=0)
    D = lj.pair_distance_table(clusters)
    phi = model.features(D)
    K = phi @ phi.T

    def pair_kernel(r, s):
        return model.basis(np.array([r]))[0] @ model.basis(np.array([s]))[0]

    brute = np.array(
        [[sum(pair_kernel(r, s) for r in a[~np.isnan(a)] for s in b[~np.isnan(b)]) for b in D]
         for a in D]
    )  # fmt: skip
    np.testing.assert_allclose(K, brute, rtol=1e-12)


def test_dense_basis_pair_kernel_approaches_a_gaussian():
    model = lj.PairAdditiveKernelRidge(length_scale=0.03, n_basis=400, representation="1/r")
    r = np.linspace(1.0, 1.3, 7)
    g = model.basis(r)
    k = g @ g.T
    z = 1 / r
    gauss = np.exp(-((z[:, None] - z[None, :]) ** 2) / (4 * 0.03**2))
    np.testing.assert_allclose(k / k[0, 0], gauss, atol=1e-6)


@pytest.fixture(scope="module")
def lj7_fit():
    clusters = lj.random_clusters(100, 7, random_state=0)
    clusters += lj.random_clusters(100, 7, kind="compact", random_state=0)
    D = lj.pair_distance_table(clusters)
    y = np.array([lj.cluster_energy(c) for c in clusters])
    return lj.PairAdditiveKernelRidge(length_scale=0.03, alpha=1e-8).fit(D, y)


def test_additive_model_recovers_the_pair_potential_and_transfers_to_lj13(lj7_fit):
    r = np.linspace(0.95, 2.0, 50)
    assert np.max(np.abs(lj7_fit.pair_potential(r) - lj.lennard_jones(r))) < 1e-2
    lj13 = lj.random_clusters(20, 13, random_state=5)
    truth = np.array([lj.cluster_energy(c) for c in lj13])
    per_atom = np.mean(np.abs(lj7_fit.predict(lj.pair_distance_table(lj13)) - truth)) / 13
    assert per_atom < 1e-3


def test_additive_model_forces_match_analytic_forces(lj7_fit):
    positions = lj.random_clusters(1, 13, random_state=9)[0]
    error = np.abs(lj7_fit.predict_forces(positions) - lj.cluster_forces(positions))
    assert error.mean() < 0.01 * np.abs(lj.cluster_forces(positions)).mean()
    h = 1e-6
    shifted = positions.copy()
    shifted[0, 0] += h
    back = positions.copy()
    back[0, 0] -= h
    numeric = -(
        lj7_fit.predict(lj.pair_distance_table([shifted]))
        - lj7_fit.predict(lj.pair_distance_table([back]))
    )[0] / (2 * h)
    assert lj7_fit.predict_forces(positions)[0, 0] == pytest.approx(numeric, rel=1e-4, abs=1e-5)


def test_additive_model_validates_input_and_clones():
    model = lj.PairAdditiveKernelRidge()
    with pytest.raises(NotFittedError):
        model.predict(np.ones((2, 3)))
    with pytest.raises(ValueError, match="positive"):
        model.fit(np.array([[1.0, -1.0], [1.0, 1.2]]), [0.0, 1.0])
    with pytest.raises(ValueError, match="length_scale"):
        lj.PairAdditiveKernelRidge(length_scale=-1).fit(np.ones((2, 3)), [0.0, 1.0])
    assert clone(model).get_params() == model.get_params()
