"""Notebook 09: its pinned outputs and its claims, from one Run All (see conftest.py)."""

import numpy as np
import pytest

import lj_helpers as lj

NOTEBOOK = "10_learned_potential_at_work.ipynb"


def test_pinned_output(notebook, pinned_cell):
    notebook.check_pinned(pinned_cell)


def test_learned_and_true_relaxations_agree_except_one_start_that_falls_into_a_hole(notebook):
    e_learned, e_true = notebook.value("e_learned"), notebook.value("e_true")
    collapsed, same = notebook.value("collapsed"), notebook.value("same")
    rmsd, err, own = notebook.value("rmsd[same]"), notebook.value("err"), notebook.value("own")
    icosahedron = notebook.value("ICOSAHEDRON")
    assert np.sum(e_learned < icosahedron + 1e-3) == np.sum(e_true < icosahedron + 1e-3) == 3
    assert same.sum() == 19
    assert collapsed.sum() == 1
    assert collapsed[5]
    assert len(np.unique(np.round(e_true, 2))) == 13
    assert err.max() < 1e-4
    assert np.median(err) < 1e-5
    assert rmsd.max() < 1e-3
    # measured 5.4e-6 (1 and 2 threads) to 6.2e-6 (energies perturbed by 1e-13) on an AVX-512
    # CPU: the printed "median ~ 6e-06" flips to 5e-06, the bound holds with a margin of 1.6
    assert np.median(rmsd) < 1e-5
    # the collapsed learned minimum lies below the true minimum from the same start ...
    assert e_learned[5] < e_true[5] - 1.0
    assert lj.cluster_energy(notebook.value("relaxed[5][0].positions")) > 1e30
    # ... and the energy difference is the model's own error at the true minima, not fmax's
    assert np.median(own) == pytest.approx(np.median(err), rel=0.5)  # measured 0.998 to 1.0003


def test_learned_wall_is_right_to_the_shortest_training_pair_then_turns_over(notebook):
    assert notebook.value("r_lo") == pytest.approx(0.85, abs=0.01)
    u = notebook.value("model.pair_potential(np.array([0.9, 0.8, 0.75, 0.7, 0.6]))")
    assert u[0] == pytest.approx(lj.lennard_jones(0.9), rel=1e-3)
    assert u[1] == pytest.approx(lj.lennard_jones(0.8), rel=0.15)
    assert u[2] < 0.3 * lj.lennard_jones(0.75)
    assert u[3] < 1.0 < 200 < lj.lennard_jones(0.7)
    assert abs(u[4]) < 0.1


def test_learned_and_true_nve_runs_are_the_same_trajectory_with_the_same_fluctuation(notebook):
    learned, true = (
        notebook.value("conservation['learned']"),
        notebook.value("conservation['true']"),
    )
    assert np.abs(learned[5] - true[5]).max() < 1e-3
    assert 5e-4 < true[3] < 5e-3
    assert learned[3] / true[3] == pytest.approx(1.0, abs=0.02)


def test_lindemann_index_agrees_grows_and_md_stays_inside_the_training_distances(notebook):
    temperatures = notebook.value("temperatures")
    runs = notebook.value("md_runs")
    r_lo, r_hi = notebook.value("r_lo"), notebook.value("r_hi")
    learned = np.array([runs["learned", T][0] for T in temperatures])
    true = np.array([runs["true", T][0] for T in temperatures])
    assert np.max(np.abs(learned - true)) < 1e-3
    assert np.all(np.diff(true) > 0)
    assert true[0] < 0.03
    assert true[-1] > 0.1
    # learned and true runs are essentially the same trajectory at every temperature
    assert (
        max(np.abs(runs["learned", T][3] - runs["true", T][3]).max() for T in temperatures) < 1e-2
    )
    visited = np.concatenate([runs[key][2] for key in runs])
    assert visited.min() > r_lo + 0.05
    assert np.mean(visited > r_hi) < 0.01
    beyond = notebook.value("np.abs(model.pair_potential(beyond) - lj.lennard_jones(beyond))")
    assert np.max(beyond) < 1e-3


def test_std_is_roughly_calibrated_misses_a_one_sided_bias_and_ranks_errors_weakly(notebook):
    error, std, signed = notebook.value("error"), notebook.value("std"), notebook.value("signed")
    assert np.all(error < 3 * std)
    assert 0.3 < np.mean(error > std) < 0.5
    assert np.mean(error > 2 * std) < 0.1
    assert 0.6 < np.median(error / std) < 1.2
    assert np.mean(signed > 0) > 0.95
    assert 0.2 < notebook.value("rho") < 0.6
    tenth = len(std) // 10
    overlap = np.isin(np.argsort(error)[::-1][:tenth], np.argsort(std)[::-1][:tenth]).sum()
    assert overlap <= tenth // 2


def test_most_uncertain_frames_do_not_beat_random_frames(notebook):
    mae = notebook.value("mae")
    active, random = mae["most uncertain"], mae["random"]
    repeats = notebook.value("REPEATS")
    wins = notebook.value("wins")[1:]
    assert np.array_equal(wins, np.sum(active < random, axis=0)[1:])
    assert np.all(wins <= repeats // 2)
    assert wins[4] == 1  # at 25 frames random wins 7 of 8
    assert np.median(active[:, 0]) > 0.1  # the cold model is badly wrong on hot frames
    assert max(np.median(active[:, -1]), np.median(random[:, -1])) < 1e-4
    ratio = np.median(active, axis=0)[1:] / np.median(random, axis=0)[1:]
    assert np.all((ratio > 0.3) & (ratio < 3))  # medians agree to the printed digit or so


def test_most_uncertain_batches_are_runs_of_consecutive_frames(notebook):
    e_cand = notebook.value("E_cand")
    assert np.corrcoef(e_cand[:-1], e_cand[1:])[0, 1] > 0.7
    # the first batch the cold model asks for (repeat 0, round 1)
    _, s = notebook.value("cold_model.predict(D_cand, return_std=True)")
    batch = np.sort(np.argsort(s)[::-1][: notebook.value("BATCH")])
    assert np.all(np.diff(batch) == 1)
