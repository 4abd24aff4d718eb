"""Notebook 07: its pinned outputs and its claims, from one Run All (see conftest.py).

The pairwise comparisons use the notebook's own ``paired`` (Wilcoxon on log ratios, sign
test), called in its kernel.
"""

import numpy as np

NOTEBOOK = "07_representations_and_priors.ipynb"
BEST, SEED = "Gaussian on r^-6", "seed: Laplacian on r"
INV, FITTED = "Gaussian on 1/r", "Gaussian on 1/r + fitted C r^-12 prior"
WALL = "seed: Laplacian on r + wall prior"


def test_pinned_output(notebook, pinned_cell):
    notebook.check_pinned(pinned_cell)


def test_energy_is_flat_under_01_eps_only_over_the_last_03_sigma(notebook):
    def spread(lo, hi):
        return notebook.value(f"energy_range({lo}, {hi})")

    assert 6.5 < spread(0.9, 1.0) < 6.7
    assert 0.3 < spread(1.45, 2.0) < 0.34
    assert spread(1.7, 2.0) < 0.1 < spread(1.65, 2.0)


def test_r6_is_best_in_mean_and_median_at_every_size_and_meets_the_goal_in_the_median(notebook):
    means, medians = notebook.value("table"), notebook.value("median")
    for n in notebook.value("sizes"):
        assert means[n].idxmin() == BEST
        assert medians[n].idxmin() == BEST
    assert means.loc[BEST, 25] > 1e-4 > medians.loc[BEST, 25]  # mean above the goal, median below


def test_one_split_dominates_the_r6_mean_at_25(notebook):
    best = notebook.value("per_split")[BEST][25]
    assert 0.25 < best.max() / best.sum() < 0.45  # "the worst alone makes a third of it"
    assert best.mean() > 2 * best.median()


def test_seed_over_best_is_about_1e3_per_split_and_a_few_hundred_in_the_means(notebook):
    ratio, table = notebook.value("ratio"), notebook.value("table")
    assert 5e2 <= ratio.median() < 5e3  # "about a thousand times"
    assert ratio.min() > 100  # "at least a hundred times on every set"
    ratio_of_means = table.loc[SEED, 25] / table.loc[BEST, 25]
    assert 100 < ratio_of_means < min(1000, ratio.median())  # "a few hundred"


def paired(notebook, without, with_prior, n):
    return notebook.value(f"paired(per_split[{without!r}][{n}], per_split[{with_prior!r}][{n}])")


def test_fitted_prior_paired_better_at_25_and_45_despite_higher_mean_at_25(notebook):
    table = notebook.value("table")
    better, worse, ties, p, p_sign = paired(notebook, INV, FITTED, 25)
    assert better >= 16
    assert p < 0.01
    assert table.loc[FITTED, 25] > table.loc[INV, 25]
    better, worse, ties, p, p_sign = paired(notebook, INV, FITTED, 45)
    assert better == 20
    assert p < 1e-3
    assert table.loc[FITTED, 5] > 2 * table.loc[INV, 5]
    assert paired(notebook, INV, FITTED, 5)[3] > 0.05  # not significant at N = 5
    for n in (5, 10):
        assert paired(notebook, INV, FITTED, n)[4] > 0.05  # nor by the sign test at 5 and 10


def test_wall_prior_helps_at_small_n_and_hurts_at_45(notebook):
    medians = notebook.value("median")
    for n in (5, 10):
        better, worse, ties, p, p_sign = paired(notebook, SEED, WALL, n)
        assert better >= 19
        assert p < 1e-3
    better, worse, ties, p, p_sign = paired(notebook, SEED, WALL, 45)
    assert better <= 5
    assert p_sign < 0.05
    assert medians.loc[WALL, 45] > medians.loc[SEED, 45]


def test_wall_prior_flattens_the_learning_curve(notebook):
    assert notebook.value(f"fits[{WALL!r}].nu > fits[{SEED!r}].nu")
    diff = notebook.value("diff")  # paired 25-45 slope difference, wall prior minus none
    assert diff.mean() > 0.5


def test_exponent_intervals_overlap_for_the_named_pairs(notebook):
    ci = notebook.value("{name: tuple(fit.nu_ci) for name, fit in fits.items()}")
    power_law = notebook.value("[fit.is_power_law for fit in fits.values()]")

    def overlap(a, b):
        return ci[a][0] <= ci[b][1] and ci[b][0] <= ci[a][1]

    assert overlap("Gaussian on r", INV)
    assert overlap("Gaussian on r", BEST)
    assert overlap(INV, FITTED)
    assert not overlap(INV, BEST)  # the one pair that is separated
    assert sum(not p for p in power_law) == 4  # "four of the six curves fail"


def test_gaussian_learning_curves_bend(notebook):
    per_split, sizes = notebook.value("per_split"), notebook.value("sizes")

    def slopes(name):
        return np.diff(np.log(per_split[name].mean())) / np.diff(np.log(sizes))

    s = slopes("Gaussian on r")
    assert s[0] > -1.5
    assert s[1] < -3
    # "every model except the one on r^-6 is steeper between 25 and 45 than 5 and 10"
    for name in per_split:
        assert (slopes(name)[2] < slopes(name)[0]) == (name != BEST), name


def test_loo_picks_the_alpha_floor_almost_always_at_25(notebook):
    n_searched = len(notebook.value("searched"))
    assert notebook.value("at_floor") >= 0.9 * 20 * n_searched


def test_the_conditioned_alpha_floor_costs_the_best_model_over_ten_fold_at_25(notebook):
    lowered = np.median(notebook.value("maes"))
    assert notebook.value("median").loc[BEST, 25] > 10 * lowered


def test_exercise_1_training_set_has_no_wall_point(notebook):
    assert notebook.value("r_train").min() > 1.0
