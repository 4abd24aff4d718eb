"""Notebook 09: its pinned outputs and its claims, from one Run All (see conftest.py)."""

import numpy as np

NOTEBOOK = "09_clusters_pair_potentials.ipynb"


def test_pinned_output(notebook, pinned_cell):
    notebook.check_pinned(pinned_cell)


def halves(notebook, prediction):
    """Test MAE per atom of a prediction on the perturbed and the compact test halves."""
    pred, truth = notebook.value(prediction), notebook.value("E_test")
    kind = notebook.value("kind_test")
    return [np.mean(np.abs(pred - truth)[kind == k]) / 7 for k in ("perturbed", "compact")]


def test_first_200_pool_rows_are_perturbed_and_miss_the_long_test_pairs(notebook):
    kind_pool, kind_test = notebook.value("kind_pool"), notebook.value("kind_test")
    D_pool, D_test = notebook.value("D_pool"), notebook.value("D_test")
    train = notebook.value("train")
    assert np.all(kind_pool[:200] == "perturbed")
    assert np.nanmax(D_pool[:200]) < 2.35
    assert np.nanmax(D_test[kind_test == "compact"]) > 2.85
    assert 90 <= np.sum(kind_pool[train] == "compact") <= 110  # a random 200 holds both kinds
    assert np.nanmax(D_pool[train]) > 2.85


def test_random_training_set_predicts_both_kinds_alike_and_loo_agrees(notebook):
    perturbed, compact = halves(notebook, "pred")
    assert max(perturbed, compact) < 1e-6
    assert 1 / 3 < perturbed / compact < 3
    loo = -notebook.value("additive.best_score_") / 7
    assert 1 / 3 < loo / ((perturbed + compact) / 2) < 3


def test_perturbed_only_training_is_about_100x_worse_on_compact_and_loo_cannot_tell(notebook):
    perturbed, compact = halves(notebook, "pred_narrow")
    assert compact > 30 * perturbed
    assert -notebook.value("narrow.best_score_") / 7 < 1e-6


def test_dual_gram_is_near_singular_and_stacked_least_squares_is_not(notebook):
    phi = notebook.value("phi")
    assert phi.shape == (200, 80)  # rank of the 200 x 200 dual matrix at most 80
    assert np.linalg.cond(notebook.value("dual")) > 1e13
    assert np.linalg.cond(notebook.value("stacked")) < 1e9


def test_additive_learning_curve_is_a_fast_decay_then_a_floor(notebook):
    median = notebook.value("table").loc["additive (pair kernel)"]
    fast = np.log(median[50] / median[10]) / np.log(5)
    floor = np.log(median[200] / median[50]) / np.log(4)
    assert fast < -5
    assert floor > -2.5


def test_additive_kernel_beats_global_descriptor_from_ten_clusters(notebook):
    table = notebook.value("table")
    additive, global_ = table.loc["additive (pair kernel)"], table.loc["global (sorted 1/r)"]
    for n in (10, 20, 50, 100, 200):
        assert additive[n] < global_[n]
    assert additive[50] < 1e-3 * global_[50]  # orders of magnitude by 50 clusters


def test_lj7_trained_pair_potential_transfers_to_lj13_energies_and_forces(notebook):
    assert notebook.value("mae_per_atom(pred_add, E_13, 13)") < 1e-6
    assert notebook.value("errors.mean() / scale.mean()") < 1e-4


def test_the_curve_floor_is_the_alpha_floor_a_smaller_alpha_lowers_it(notebook):
    assert notebook.value("additive.best_params_['alpha'] == min(additive_grid['alpha'])")
    assert notebook.value("refit.alpha") == 1e-12  # the last refit of the alpha-floor cell
    before = notebook.value("mae_per_atom(pred, E_test)")
    after = notebook.value("mae_per_atom(refit.predict(D_test), E_test)")
    assert after < before / 3


def test_additive_beats_global_on_every_draw_at_20_clusters(notebook):
    wide = notebook.value("wide")
    global_, additive = wide[("global (sorted 1/r)", 20)], wide[("additive (pair kernel)", 20)]
    assert len(additive) == 6
    assert np.all(np.asarray(global_) > np.asarray(additive))


def test_additive_local_slope_is_steep_early_and_flat_late(notebook):
    slopes = notebook.value("additive_slopes")
    assert slopes[10] < -4  # from 10 to 20 clusters
    assert slopes[100] > -2  # from 100 to 200: the floor


def test_additive_alpha_sits_at_the_grid_floor_on_every_draw_from_50_clusters(notebook):
    assert notebook.value("bool(np.all(floor_counts.loc[50:] == 6))")
