"""lj_helpers.KernelCalculator: an ASE calculator around a fitted pair-additive model.

Also an independent check of the series' own Lennard-Jones cluster code against
ASE's ``LennardJones`` calculator.
"""

import numpy as np
import pytest
from ase import Atoms, units
from ase.calculators.lj import LennardJones
from ase.md.langevin import Langevin
from ase.md.velocitydistribution import thermalize_momenta
from ase.md.verlet import VelocityVerlet
from ase.optimize import BFGS, FIRE
from sklearn.exceptions import NotFittedError

import lj_helpers as lj

ICOSAHEDRON = -44.3268


def cluster_atoms(positions):
    return Atoms(f"X{len(positions)}", positions=positions, masses=[1.0] * len(positions))


def true_lj():
    # rc far beyond any pair, and no smoothing: ASE then shifts every pair energy by
    # U(rc) = 4 (rc^-12 - rc^-6) ~ -4e-18, far below the tolerances used here.
    return LennardJones(sigma=1.0, epsilon=1.0, rc=1000.0, smooth=False)


@pytest.fixture(scope="module")
def clusters():
    return lj.random_clusters(100, 13, kind="compact", random_state=0) + lj.random_clusters(
        100, 13, kind="perturbed", random_state=1
    )


@pytest.fixture(scope="module")
def model(clusters):
    D = lj.pair_distance_table(clusters)
    E = np.array([lj.cluster_energy(c) for c in clusters])
    return lj.PairAdditiveKernelRidge(length_scale=0.04, alpha=1e-8).fit(D, E)


@pytest.fixture(scope="module")
def test_clusters():
    return lj.random_clusters(5, 13, kind="compact", random_state=10) + lj.random_clusters(
        5, 13, kind="perturbed", noise=0.15, random_state=11
    )


def test_energy_and_forces_are_the_models_predictions(model, test_clusters):
    calc = lj.KernelCalculator(model)
    for positions in test_clusters:
        atoms = cluster_atoms(positions)
        atoms.calc = calc
        expected = model.predict(lj.pair_distance_table([positions]))[0]
        assert atoms.get_potential_energy() == pytest.approx(expected, rel=1e-12, abs=1e-12)
        np.testing.assert_allclose(
            atoms.get_forces(), model.predict_forces(positions), rtol=1e-10, atol=1e-11
        )


def test_forces_are_minus_the_gradient_of_the_energy(model, test_clusters):
    calc = lj.KernelCalculator(model)
    h = 1e-5
    for positions in test_clusters[::3]:
        atoms = cluster_atoms(positions)
        atoms.calc = calc
        forces = atoms.get_forces()
        numeric = np.zeros_like(positions)
        for a in range(len(positions)):
            for k in range(3):
                step = np.zeros_like(positions)
                step[a, k] = h
                atoms.positions = positions + step
                e_plus = atoms.get_potential_energy()
                atoms.positions = positions - step
                e_minus = atoms.get_potential_energy()
                numeric[a, k] = -(e_plus - e_minus) / (2 * h)
        np.testing.assert_allclose(forces, numeric, atol=1e-6)


def test_a_fitted_grid_search_is_unwrapped_to_its_best_estimator(clusters, test_clusters):
    D = lj.pair_distance_table(clusters[:60])
    E = np.array([lj.cluster_energy(c) for c in clusters[:60]])
    search = lj.KernelGridSearch(
        lj.PairAdditiveKernelRidge(), {"length_scale": [0.02, 0.04], "alpha": [1e-8]}
    ).fit(D, E)
    calc = lj.KernelCalculator(search)
    assert calc.model is search.best_estimator_
    atoms = cluster_atoms(test_clusters[0])
    atoms.calc = calc
    assert atoms.get_potential_energy() == pytest.approx(
        search.predict(lj.pair_distance_table([test_clusters[0]]))[0], rel=1e-12
    )


def test_an_unfitted_model_is_refused():
    with pytest.raises(NotFittedError):
        lj.KernelCalculator(lj.PairAdditiveKernelRidge())
    with pytest.raises(NotFittedError):
        lj.KernelCalculator(lj.KernelGridSearch(lj.PairAdditiveKernelRidge(), {"alpha": [1e-8]}))


def test_a_model_of_the_wrong_kind_is_refused():
    X, y = lj.dimer_dataset()
    with pytest.raises(TypeError, match="PairAdditiveKernelRidge"):
        lj.KernelCalculator(lj.GaussianKernelRidge(length_scale=0.3).fit(X, y))
    with pytest.raises(TypeError, match="PairAdditiveKernelRidge"):
        lj.KernelCalculator("not a model")


def test_periodic_atoms_are_refused_with_advice(model):
    atoms = cluster_atoms(lj.lj_cluster_minimum(13))
    atoms.set_cell([10.0, 10.0, 10.0])
    atoms.pbc = True
    atoms.calc = lj.KernelCalculator(model)
    with pytest.raises(ValueError, match="pbc = False"):
        atoms.get_potential_energy()
    atoms.pbc = False  # a cell without periodicity is fine: it is ignored
    assert np.isfinite(atoms.get_potential_energy())


def test_overlapping_atoms_are_refused(model):
    positions = lj.lj_cluster_minimum(13)
    positions[1] = positions[0]
    atoms = cluster_atoms(positions)
    atoms.calc = lj.KernelCalculator(model)
    with pytest.raises(ValueError, match="overlap"):
        atoms.get_potential_energy()


@pytest.mark.parametrize("n_atoms", [7, 13])
@pytest.mark.parametrize("kind", ["compact", "perturbed"])
def test_cluster_energy_and_forces_agree_with_ase_lennard_jones(n_atoms, kind):
    for positions in lj.random_clusters(5, n_atoms, kind=kind, noise=0.15, random_state=3):
        atoms = cluster_atoms(positions)
        atoms.calc = true_lj()
        assert lj.cluster_energy(positions) == pytest.approx(
            atoms.get_potential_energy(), abs=1e-10
        )
        np.testing.assert_allclose(lj.cluster_forces(positions), atoms.get_forces(), atol=1e-10)


@pytest.mark.parametrize("optimizer", [BFGS, FIRE])
def test_optimisers_relax_a_perturbed_icosahedron_with_the_learned_model(model, optimizer):
    start = lj.random_clusters(1, 13, kind="perturbed", noise=0.05, random_state=4)[0]
    atoms = cluster_atoms(start)
    atoms.calc = lj.KernelCalculator(model)
    assert optimizer(atoms, logfile=None).run(fmax=1e-3, steps=500)
    assert atoms.get_potential_energy() == pytest.approx(ICOSAHEDRON, abs=1e-2)
    assert lj.cluster_energy(atoms.positions) == pytest.approx(ICOSAHEDRON, abs=1e-2)


def nve_total_energies(calc, steps=100, every=5):
    atoms = cluster_atoms(lj.lj_cluster_minimum(13))
    atoms.calc = calc
    thermalize_momenta(atoms, temperature_K=0.2 / units.kB, rng=np.random.default_rng(0))
    dyn = VelocityVerlet(atoms, timestep=0.005)
    totals = []
    for _ in range(steps // every):
        dyn.run(every)
        totals.append(atoms.get_total_energy())
    return np.array(totals), atoms


def test_velocity_verlet_conserves_the_learned_energy_as_well_as_the_true_one(model):
    learned, atoms = nve_total_energies(lj.KernelCalculator(model))
    true, _ = nve_total_energies(true_lj())
    assert atoms.get_kinetic_energy() > 0
    assert np.ptp(learned) < 1.5 * np.ptp(true)
    assert np.ptp(learned) < 1e-2


def test_langevin_runs_with_the_learned_model(model):
    atoms = cluster_atoms(lj.lj_cluster_minimum(13))
    atoms.calc = lj.KernelCalculator(model)
    dyn = Langevin(
        atoms, timestep=0.005, temperature_K=0.2 / units.kB, friction=0.5, fixcm=False,
        rng=np.random.default_rng(0),
    )  # fmt: skip
    dyn.run(100)
    assert np.all(np.isfinite(atoms.get_forces()))
    assert atoms.get_potential_energy() < -35


def test_energy_std_is_the_models_predictive_std_and_grows_away_from_the_data(model):
    calc = lj.KernelCalculator(model)
    near = cluster_atoms(lj.random_clusters(1, 13, kind="perturbed", random_state=5)[0])
    far = cluster_atoms(lj.lj_cluster_minimum(13) * 1.4)  # stretched: pairs beyond the data
    stds = []
    for atoms in (near, far):
        atoms.calc = calc
        std = calc.get_property("energy_std", atoms)
        _, expected = model.predict(lj.pair_distance_table([atoms.positions]), return_std=True)
        assert std == pytest.approx(expected[0], rel=1e-12)
        stds.append(std)
    assert 0 < stds[0] < stds[1]


def small_model(clusters):
    D = lj.pair_distance_table(clusters[:60])
    E = np.array([lj.cluster_energy(c) for c in clusters[:60]])
    return lj.PairAdditiveKernelRidge(length_scale=0.04, alpha=1e-8).fit(D, E), D, E


def test_a_refit_model_gives_fresh_results_not_the_cached_ones(clusters, test_clusters):
    model, D, E = small_model(clusters)
    atoms = cluster_atoms(test_clusters[0])
    atoms.calc = lj.KernelCalculator(model)
    first = atoms.get_potential_energy()
    model.fit(D, E + 5.0)  # the same model object, refitted to shifted energies
    shifted = model.predict(lj.pair_distance_table([test_clusters[0]]))[0]
    assert abs(shifted - first) > 1.0  # the refit moved the prediction
    assert atoms.get_potential_energy() == pytest.approx(shifted, rel=1e-12)


def test_set_params_after_the_calculation_asks_for_a_refit(clusters, test_clusters):
    model, _, _ = small_model(clusters)
    atoms = cluster_atoms(test_clusters[0])
    atoms.calc = lj.KernelCalculator(model)
    atoms.get_potential_energy()
    model.set_params(length_scale=0.08)
    with pytest.raises(ValueError, match="call fit again"):
        atoms.get_potential_energy()


def test_a_refit_grid_search_is_followed_to_its_new_best_estimator(clusters, test_clusters):
    D = lj.pair_distance_table(clusters[:60])
    E = np.array([lj.cluster_energy(c) for c in clusters[:60]])
    search = lj.KernelGridSearch(lj.PairAdditiveKernelRidge(), {"length_scale": [0.04]})
    atoms = cluster_atoms(test_clusters[0])
    atoms.calc = lj.KernelCalculator(search.fit(D, E))
    first = atoms.get_potential_energy()
    search.fit(D, E + 1.0)
    assert atoms.calc.model is search.best_estimator_
    assert atoms.get_potential_energy() != first


def test_positions_closer_than_any_training_pair_are_flagged(model):
    positions = lj.lj_cluster_minimum(13)
    atoms = cluster_atoms(positions)
    atoms.calc = lj.KernelCalculator(model)
    atoms.get_potential_energy()
    assert atoms.calc.results["below_training_range"] is False
    assert atoms.calc.results["min_distance"] >= model.distance_range_[0]
    squeezed = positions.copy()
    squeezed[1] = squeezed[0] + (squeezed[1] - squeezed[0]) * 0.3 / np.linalg.norm(
        squeezed[1] - squeezed[0]
    )  # one pair at 0.3 sigma, where the learned potential knows nothing
    atoms = cluster_atoms(squeezed)
    atoms.calc = lj.KernelCalculator(model)
    atoms.get_potential_energy()
    assert atoms.calc.results["below_training_range"] is True
    assert atoms.calc.results["min_distance"] == pytest.approx(0.3)


def test_energy_and_forces_is_one_method_shared_with_predict_forces(model, test_clusters):
    for positions in test_clusters:
        energy, forces = model.energy_and_forces(positions)
        np.testing.assert_array_equal(forces, model.predict_forces(positions))
        expected = model.predict(lj.pair_distance_table([positions]))[0]
        assert energy == pytest.approx(expected, rel=1e-12, abs=1e-12)
