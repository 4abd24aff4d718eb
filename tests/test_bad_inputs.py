"""Every bad input gets a clear error (issue 10, section 4).

One behaviour per test: the exception type and a fragment of the message that
tells the user what to do. The sweep at the end tries NaN, inf, negative, zero,
bool and wrong types on every scalar parameter of every public function.
"""

import re
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

import lj_helpers as lj

X, Y = lj.dimer_dataset(n_points=12)
FORCES = lj.lennard_jones_force(X[:, 0])
TABLE = lj.pair_distance_table(lj.random_clusters(6, 7, random_state=0))
ENERGIES = np.linspace(-10.0, -9.0, 6)


# -- hangs -------------------------------------------------------------------


def test_random_clusters_rejects_nan_noise():
    with pytest.raises(ValueError, match="noise must be finite"):
        lj.random_clusters(2, 7, noise=np.nan)


def test_random_clusters_rejects_nan_min_distance():
    with pytest.raises(ValueError, match="min_distance must be finite"):
        lj.random_clusters(2, 7, min_distance=np.nan)


def test_random_clusters_zero_noise_with_unreachable_min_distance_says_lower_it():
    with pytest.raises(ValueError, match="Lower min_distance or raise noise"):
        lj.random_clusters(2, 7, noise=0, min_distance=1.5)


def test_random_clusters_compact_lj13_with_large_min_distance_says_lower_it():
    with pytest.raises(ValueError, match="lower min_distance"):
        lj.random_clusters(2, 13, kind="compact", min_distance=2)


def test_random_clusters_gives_up_with_a_clear_error_when_draws_keep_failing():
    with pytest.raises(ValueError, match="after .* attempts; lower min_distance"):
        lj.random_clusters(3, 7, noise=0.01, min_distance=1.13)


# -- silent wrong answers -------------------------------------------------------


def test_grid_search_list_of_dicts_reports_the_chosen_points_params():
    grid = [{"length_scale": [0.02], "alpha": [1e-2]}, {"length_scale": [0.3], "alpha": [1e-8]}]
    search = lj.KernelGridSearch(lj.GaussianKernelRidge(), grid).fit(X, Y)
    chosen = search.best_estimator_.get_params()
    assert search.best_params_ == {k: chosen[k] for k in ("length_scale", "alpha")}


def test_inverse_power_prior_rejects_string_powers():
    with pytest.raises(TypeError, match=r"powers must be a tuple of numbers such as \(12,\)"):
        lj.InversePowerPrior(powers="12").fit(X, Y)


def test_pair_additive_rejects_zero_basis_functions():
    with pytest.raises(ValueError, match="n_basis == 0, must be >= 1"):
        lj.PairAdditiveKernelRidge(n_basis=0).fit(TABLE, ENERGIES)


def test_pair_additive_rejects_r_range_starting_at_zero():
    with pytest.raises(ValueError, match="r_range must be two finite distances 0 < r_min"):
        lj.PairAdditiveKernelRidge(r_range=(0, 3)).fit(TABLE, ENERGIES)


def test_pair_additive_rejects_non_integer_n_basis():
    with pytest.raises(TypeError, match="n_basis must be an instance of int"):
        lj.PairAdditiveKernelRidge(n_basis=80.5).fit(TABLE, ENERGIES)


@pytest.mark.parametrize("kernel", [lj.laplacian_kernel, lj.gaussian_kernel])
@pytest.mark.parametrize("length_scale", [0.0, -0.1])
def test_kernels_reject_non_positive_length_scale(kernel, length_scale):
    with pytest.raises(ValueError, match="length_scale == .*must be > 0"):
        kernel(X, X, length_scale)


@pytest.mark.parametrize("sigma", [0.0, -1.0])
def test_lennard_jones_rejects_non_positive_sigma(sigma):
    with pytest.raises(ValueError, match="sigma == .*must be > 0"):
        lj.lennard_jones(1.0, sigma=sigma)


def test_lennard_jones_rejects_nan_sigma():
    with pytest.raises(ValueError, match="sigma must be finite"):
        lj.lennard_jones(1.0, sigma=np.nan)


def test_lennard_jones_rejects_nan_epsilon():
    with pytest.raises(ValueError, match="epsilon must be finite"):
        lj.lennard_jones(1.0, epsilon=np.nan)


def test_lennard_jones_force_rejects_zero_sigma():
    with pytest.raises(ValueError, match="sigma == 0"):
        lj.lennard_jones_force(1.0, sigma=0.0)


@pytest.mark.parametrize("param", ["gamma", "r0"])
def test_linear_wall_prior_rejects_nan(param):
    with pytest.raises(ValueError, match=f"{param} must be finite"):
        lj.LinearWallPrior(**{param: np.nan}).fit(X)


@pytest.mark.parametrize("param", ["gamma", "r0"])
def test_linear_wall_prior_rejects_negative(param):
    with pytest.raises(ValueError, match=f"{param} == -1"):
        lj.LinearWallPrior(**{param: -1.0}).predict(X)


def test_learning_curve_rejects_nan_y_test():
    with pytest.raises(ValueError, match="y_test contains NaN"):
        lj.learning_curve(
            lj.LaplacianKernelRidge(), X, Y, [5], n_repeats=2, X_test=X, y_test=Y * np.nan
        )


def test_learning_curve_rejects_empty_x_test():
    with pytest.raises(ValueError, match="X_test is empty"):
        lj.learning_curve(
            lj.LaplacianKernelRidge(), X, Y, [5], n_repeats=2, X_test=np.empty((0, 1)), y_test=[]
        )


def test_learning_curve_rejects_nan_y():
    with pytest.raises(ValueError, match="y contains NaN"):
        lj.learning_curve(lj.LaplacianKernelRidge(), X, Y * np.nan, [5], n_repeats=2)


def test_fit_power_law_rejects_one_bootstrap_resample():
    with pytest.raises(ValueError, match="n_bootstrap == 1, must be >= 100"):
        lj.fit_power_law([5, 5, 10, 10], [1.0, 1.1, 0.5, 0.6], n_bootstrap=1)


def test_learning_curve_rejects_bool_n_repeats():
    with pytest.raises(TypeError, match="n_repeats must be an int, got a bool"):
        lj.learning_curve(lj.LaplacianKernelRidge(), X, Y, [5], n_repeats=True)


@pytest.mark.parametrize(
    "model", [lj.LaplacianKernelRidge(), lj.GaussianKernelRidge(), lj.EnergyForceKernelRidge()]
)
def test_models_reject_two_columns_where_one_distance_per_row_is_documented(model):
    with pytest.raises(ValueError, match=r"one distance per (row|sample)"):
        model.fit(np.hstack([X, X]), Y)


def test_learning_curve_rejects_two_columns():
    with pytest.raises(ValueError, match="one distance per row"):
        lj.learning_curve(lj.LaplacianKernelRidge(), np.hstack([X, X]), Y, [5], n_repeats=2)


def test_prior_rejects_two_columns():
    with pytest.raises(ValueError, match="one distance per row"):
        lj.InversePowerPrior().fit(np.hstack([X, X]), Y)


# -- obscure errors -------------------------------------------------------------


def test_learning_curve_with_empty_train_sizes_says_give_sizes():
    with pytest.raises(ValueError, match=r"train_sizes is empty.*e\.g\. \[5, 10, 20\]"):
        lj.learning_curve(lj.LaplacianKernelRidge(), X, Y, [])


def test_grid_search_on_estimator_without_loo_score_says_use_gridsearchcv():
    from sklearn.linear_model import Ridge

    with pytest.raises(TypeError, match="does not set loo_mae_.*GridSearchCV"):
        lj.KernelGridSearch(Ridge(), {"alpha": [1.0]}).fit(X, Y)


def test_inverse_power_prior_rejects_nan_power_before_lapack():
    with pytest.raises(ValueError, match="each power must be finite"):
        lj.InversePowerPrior(powers=(np.nan,)).fit(X, Y)


def test_energy_force_predict_returns_std():
    model = lj.EnergyForceKernelRidge(alpha_energy=1e-8, alpha_force=1e-8)
    mean, std = model.fit(X, Y, forces=FORCES).predict(X, return_std=True)
    assert mean.shape == std.shape == (X.shape[0],)


@pytest.mark.parametrize(
    "model",
    [lj.LaplacianKernelRidge(), lj.GaussianKernelRidge(), lj.EnergyForceKernelRidge()],
)
def test_fit_on_one_sample_says_at_least_two_points(model):
    with pytest.raises(ValueError, match="at least 2 training points"):
        model.fit(X[:1], Y[:1])


def test_pair_additive_fit_on_one_cluster_says_at_least_two():
    with pytest.raises(ValueError, match="at least 2 training points"):
        lj.PairAdditiveKernelRidge().fit(TABLE[:1], ENERGIES[:1])


def test_forces_only_fit_with_one_force_says_at_least_two():
    with pytest.raises(ValueError, match="at least 2 training points"):
        lj.EnergyForceKernelRidge(energies="one").fit(X[:1], Y[:1], forces=FORCES[:1])


def test_pair_distance_table_of_no_clusters_says_give_one():
    with pytest.raises(ValueError, match="clusters is empty"):
        lj.pair_distance_table([])


def test_pair_distance_table_of_one_bare_cluster_says_wrap_it():
    with pytest.raises(TypeError, match=r"wrap one cluster in \[ \]"):
        lj.pair_distance_table(lj.lj_cluster_minimum(7))


def test_unknown_cluster_minimum_lists_the_known_ones():
    with pytest.raises(ValueError, match="n_atoms = 7 or 13"):
        lj.lj_cluster_minimum(8)


def test_perturbed_clusters_need_a_known_minimum():
    with pytest.raises(ValueError, match="n_atoms = 7 or 13"):
        lj.random_clusters(2, 8)


def test_learning_curve_rejects_model_without_fit():
    with pytest.raises(TypeError, match="estimator with fit and predict"):
        lj.learning_curve(lj.gaussian_kernel, X, Y, [5], n_repeats=2)


def test_plot_learning_curve_rejects_a_non_curve():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    with pytest.raises(TypeError, match="as learning_curve returns"):
        lj.plot_learning_curve(ax, np.ones(3), "label")
    plt.close(fig)


def test_local_slopes_need_two_sizes():
    import pandas as pd

    with pytest.raises(ValueError, match="at least two training sizes"):
        lj.local_slopes(pd.DataFrame({"n_train": [5, 5], "mae": [1.0, 2.0]}))


def test_grid_search_rejects_negative_tie_tolerance():
    with pytest.raises(ValueError, match="tie_rtol == -0.1"):
        lj.KernelGridSearch(lj.GaussianKernelRidge(), {"alpha": [1e-8]}, tie_rtol=-0.1).fit(X, Y)


def test_grid_search_rejects_unknown_criterion():
    with pytest.raises(ValueError, match="criterion must be 'loo' or 'marginal_likelihood'"):
        lj.KernelGridSearch(lj.GaussianKernelRidge(), {"alpha": [1e-8]}, criterion="r2").fit(X, Y)


def test_pair_additive_rejects_zero_alpha():
    with pytest.raises(ValueError, match="alpha == 0"):
        lj.PairAdditiveKernelRidge(alpha=0.0).fit(TABLE, ENERGIES)


# -- random_state: int or None only -------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda rs: lj.learning_curve(
            lj.LaplacianKernelRidge(), X, Y, [5], n_repeats=2, random_state=rs
        ),
        lambda rs: lj.random_clusters(2, 7, random_state=rs),
        lambda rs: lj.fit_power_law([5, 5, 10, 10], [1.0, 1.1, 0.5, 0.6], random_state=rs),
    ],
    ids=["learning_curve", "random_clusters", "fit_power_law"],
)
def test_generator_random_state_is_rejected_because_it_would_be_consumed(call):
    with pytest.raises(TypeError, match="pass an int"):
        call(np.random.default_rng(0))


def test_negative_random_state_is_rejected():
    with pytest.raises(ValueError, match="non-negative int"):
        lj.random_clusters(2, 7, random_state=-1)


def test_same_int_seed_gives_the_same_clusters_twice():
    a = lj.random_clusters(2, 7, random_state=3)
    b = lj.random_clusters(2, 7, random_state=3)
    np.testing.assert_array_equal(a[0], b[0])


# -- systematic sweep: every scalar parameter, every kind of bad value ---------------

BAD_VALUES = {
    "nan": (np.nan, ValueError),
    "inf": (np.inf, ValueError),
    "negative": (-1.0, ValueError),
    "bool": (True, TypeError),
    "string": ("1", TypeError),
    "none": (None, TypeError),
}


def _models():
    return {
        "LaplacianKernelRidge": (lj.LaplacianKernelRidge, ["length_scale", "alpha"], (X, Y)),
        "GaussianKernelRidge": (lj.GaussianKernelRidge, ["length_scale", "alpha"], (X, Y)),
        "EnergyForceKernelRidge": (
            lj.EnergyForceKernelRidge,
            ["length_scale", "alpha_energy", "alpha_force"],
            (X, Y),
        ),
        "PairAdditiveKernelRidge": (
            lj.PairAdditiveKernelRidge,
            ["length_scale", "alpha", "n_basis"],
            (TABLE, ENERGIES),
        ),
        "LinearWallPrior": (lj.LinearWallPrior, ["gamma", "r0"], (X, Y)),
    }


SWEEP = [
    (name, param, kind)
    for name, (_, params, _) in _models().items()
    for param in params
    for kind in BAD_VALUES
]


@pytest.mark.parametrize(("name", "param", "kind"), SWEEP)
def test_every_model_parameter_rejects_bad_values(name, param, kind):
    cls, _, data = _models()[name]
    value, error = BAD_VALUES[kind]
    with pytest.raises((error, TypeError, ValueError), match=param):
        cls(**{param: value}).fit(*data)


FUNCTION_SWEEP = {
    "lennard_jones(epsilon)": lambda v: lj.lennard_jones(1.0, epsilon=v),
    "lennard_jones(sigma)": lambda v: lj.lennard_jones(1.0, sigma=v),
    "lennard_jones_force(sigma)": lambda v: lj.lennard_jones_force(1.0, sigma=v),
    "dimer_dataset(r_min)": lambda v: lj.dimer_dataset(r_min=v),
    "dimer_dataset(r_max)": lambda v: lj.dimer_dataset(r_max=v),
    "dimer_dataset(n_points)": lambda v: lj.dimer_dataset(n_points=v),
    "laplacian_kernel(length_scale)": lambda v: lj.laplacian_kernel(X, X, v),
    "gaussian_kernel(length_scale)": lambda v: lj.gaussian_kernel(X, X, v),
    "random_clusters(noise)": lambda v: lj.random_clusters(1, 7, noise=v),
    "random_clusters(min_distance)": lambda v: lj.random_clusters(1, 7, min_distance=v),
    "random_clusters(n_clusters)": lambda v: lj.random_clusters(v, 7),
    "lj_cluster_minimum(n_atoms)": lambda v: lj.lj_cluster_minimum(v),
    "learning_curve(n_repeats)": lambda v: lj.learning_curve(
        lj.LaplacianKernelRidge(), X, Y, [5], n_repeats=v
    ),
    "learning_curve(train_sizes)": lambda v: lj.learning_curve(
        lj.LaplacianKernelRidge(), X, Y, [v]
    ),
    "fit_power_law(n_bootstrap)": lambda v: lj.fit_power_law(
        [5, 5, 10, 10], [1.0, 1.1, 0.5, 0.6], n_bootstrap=v
    ),
    "cluster_energy(sigma)": lambda v: lj.cluster_energy(lj.lj_cluster_minimum(7), sigma=v),
    "cluster_forces(epsilon)": lambda v: lj.cluster_forces(lj.lj_cluster_minimum(7), epsilon=v),
    "KernelGridSearch(tie_rtol)": lambda v: lj.KernelGridSearch(
        lj.GaussianKernelRidge(), {"alpha": [1e-8]}, tie_rtol=v
    ).fit(X, Y),
}


@pytest.mark.parametrize("kind", list(BAD_VALUES))
@pytest.mark.parametrize("call", list(FUNCTION_SWEEP))
def test_every_function_parameter_rejects_bad_values(call, kind):
    value, _ = BAD_VALUES[kind]
    with pytest.raises((TypeError, ValueError)):
        FUNCTION_SWEEP[call](value)


ARRAY_SWEEP = {
    "nan": np.array([[np.nan], [1.0]]),
    "inf": np.array([[np.inf], [1.0]]),
    "zero distance": np.array([[0.0], [1.0]]),
    "negative distance": np.array([[-1.0], [1.0]]),
    "1-D": np.array([1.0, 1.5]),
    "3-D": np.ones((2, 1, 1)),
    "empty": np.empty((0, 1)),
    "strings": np.array([["a"], ["b"]]),
}
ARRAY_CALLS = {
    "LaplacianKernelRidge.fit": lambda A: lj.LaplacianKernelRidge().fit(A, np.ones(len(A))),
    "LaplacianKernelRidge.predict": lambda A: lj.LaplacianKernelRidge().fit(X, Y).predict(A),
    "EnergyForceKernelRidge.fit": lambda A: lj.EnergyForceKernelRidge().fit(A, np.ones(len(A))),
    "EnergyForceKernelRidge.predict_forces": lambda A: (
        lj.EnergyForceKernelRidge().fit(X, Y).predict_forces(A)
    ),
    "InversePowerPrior.fit": lambda A: lj.InversePowerPrior().fit(A, np.ones(len(A))),
    "LinearWallPrior.predict": lambda A: lj.LinearWallPrior().predict(A),
    "learning_curve": lambda A: lj.learning_curve(
        lj.LaplacianKernelRidge(), A, np.ones(len(A)), [1]
    ),
    "outside_training_range": lambda A: lj.outside_training_range(A, X),
}


@pytest.mark.parametrize("kind", list(ARRAY_SWEEP))
@pytest.mark.parametrize("call", list(ARRAY_CALLS))
def test_every_distance_input_rejects_bad_arrays(call, kind):
    with pytest.raises((TypeError, ValueError)):
        ARRAY_CALLS[call](ARRAY_SWEEP[kind])


# -- issue 20, section 2: no silent wrong or stale answers --------------------

FITTED = {
    "laplacian": lambda: lj.LaplacianKernelRidge().fit(X, Y),
    "gaussian": lambda: lj.GaussianKernelRidge(length_scale=0.3, alpha=1e-8).fit(X, Y),
    "forces": lambda: lj.EnergyForceKernelRidge(length_scale=1.0).fit(X, Y, forces=FORCES),
    "pair": lambda: lj.PairAdditiveKernelRidge(alpha=1e-6).fit(TABLE, ENERGIES),
}
CHANGES = [
    ("laplacian", {"length_scale": 0.3}),
    ("laplacian", {"representation": "1/r"}),
    ("gaussian", {"length_scale": 1.0}),
    ("gaussian", {"alpha": 1e-3}),
    ("gaussian", {"prior": lj.LinearWallPrior()}),
    ("forces", {"representation": "r^-6"}),
    ("forces", {"alpha_force": 1e-3}),
    ("pair", {"n_basis": 40}),
    ("pair", {"length_scale": 0.1}),
    ("pair", {"alpha": 1e-3}),
]


def inputs_of(name):
    return TABLE if name == "pair" else X


@pytest.mark.parametrize(("name", "change"), CHANGES, ids=lambda v: str(v))
def test_predict_after_set_params_asks_for_a_refit_instead_of_mixing_old_weights(name, change):
    model = FITTED[name]()
    model.set_params(**change)
    with pytest.raises(ValueError, match="changed after fit.*call fit again"):
        model.predict(inputs_of(name))
    with pytest.raises(ValueError, match="changed after fit"):
        model.predict(inputs_of(name), return_std=True)


def test_inverse_power_prior_predict_after_new_powers_asks_for_a_refit():
    prior = lj.InversePowerPrior(powers=(12,)).fit(X, Y)
    prior.set_params(powers=(12, 6))
    with pytest.raises(ValueError, match="powers changed after fit.*call fit again"):
        prior.predict(X)


@pytest.mark.parametrize("name", list(FITTED))
def test_setting_the_fitted_values_back_predicts_as_before(name):
    model = FITTED[name]()
    before = model.predict(inputs_of(name))
    old = model.get_params()["length_scale"]
    model.set_params(length_scale=old * 2).set_params(length_scale=old)
    np.testing.assert_array_equal(model.predict(inputs_of(name)), before)


@pytest.mark.parametrize("name", list(FITTED))
def test_a_refit_that_fails_keeps_the_previous_fit(name):
    model = FITTED[name]()
    before = model.predict(inputs_of(name))
    bad = np.hstack([X, -X]) if name != "pair" else -TABLE
    with pytest.raises(ValueError, match="non-positive|one distance per row"):
        model.fit(bad, ENERGIES if name == "pair" else Y)
    np.testing.assert_array_equal(model.predict(inputs_of(name)), before)


def test_a_grid_search_refit_that_fails_keeps_the_previous_fit():
    search = lj.KernelGridSearch(lj.GaussianKernelRidge(), {"length_scale": [0.3, 1.0]})
    before = search.fit(X, Y).predict(X)
    with pytest.raises(ValueError, match="one distance per row"):
        search.fit(np.hstack([X, X]), Y)
    np.testing.assert_array_equal(search.predict(X), before)


def test_huge_energies_are_refused_instead_of_a_vanishing_amplitude():
    with pytest.raises(ValueError, match="y has magnitude up to 1e\\+200.*rescale"):
        lj.LaplacianKernelRidge().fit(X[:5], np.full(5, 1e200))


def test_tiny_energies_are_refused_instead_of_an_amplitude_clamped_to_1e_150():
    with pytest.raises(ValueError, match="rescale the energies"):
        lj.GaussianKernelRidge().fit(X[:5], np.full(5, 1e-200))


def test_all_zero_energies_still_fit():
    assert lj.LaplacianKernelRidge().fit(X, np.zeros(len(X))).predict(X).max() == 0.0


def test_pair_model_whose_basis_misses_every_distance_says_raise_length_scale():
    with pytest.raises(ValueError, match="Raise length_scale"):
        lj.PairAdditiveKernelRidge(length_scale=1e-40, alpha=1e-6).fit(TABLE, ENERGIES)


def test_grid_search_where_every_point_scores_infinite_says_so():
    # Two points cannot determine a two-coefficient prior without either of them:
    # the leave-one-out error is infinite at every grid point.
    model = lj.GaussianKernelRidge(prior=lj.InversePowerPrior(powers=(12, 6)))
    search = lj.KernelGridSearch(model, {"length_scale": [0.3, 1.0]})
    with pytest.raises(ValueError, match="every grid point scored -inf"):
        search.fit(X[:2], Y[:2])


def test_learning_curve_refuses_repeated_train_sizes():
    with pytest.raises(ValueError, match="repeated training sizes.*each size once"):
        lj.learning_curve(lj.LaplacianKernelRidge(), X, Y, [5, 5], n_repeats=2)
    with pytest.raises(ValueError, match="repeated training sizes"):
        lj.learning_curve(lj.LaplacianKernelRidge(), X, Y, [6, 0.5], n_repeats=2)


def test_local_slopes_refuses_fractional_training_sizes_instead_of_truncating():
    curve = lj.learning_curve(lj.LaplacianKernelRidge(), X, Y, [4, 8], n_repeats=3)
    curve["n_train"] = curve["n_train"] + 0.5
    with pytest.raises(ValueError, match="whole numbers"):
        lj.local_slopes(curve)


def test_grid_search_on_a_dataframe_predicts_a_dataframe_without_warnings():
    frame = pd.DataFrame({"r": X[:, 0]})
    search = lj.KernelGridSearch(lj.GaussianKernelRidge(), {"length_scale": [0.3, 1.0]})
    prediction = search.fit(frame, Y).predict(frame)  # warnings are errors in this suite
    np.testing.assert_allclose(prediction, lj.GaussianKernelRidge(length_scale=1.0).fit(X, Y)
                               .predict(X) if search.best_params_["length_scale"] == 1.0
                               else search.best_estimator_.predict(frame))  # fmt: skip
    assert list(search.feature_names_in_) == ["r"]


# -- issue 20, section 3: no NaN or inf from finite inputs ----------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: lj.lennard_jones(1e-300),
        lambda: lj.lennard_jones_force(1e-300),
        lambda: lj.lennard_jones(1.0, sigma=1e200),
        lambda: lj.lennard_jones_force(1.0, sigma=1e200),
        lambda: lj.dimer_dataset(r_min=1e-300)[1][0],
    ],
    ids=["energy", "force", "energy sigma", "force sigma", "dimer_dataset"],
)
def test_lennard_jones_at_vanishing_distance_is_plus_infinity_not_nan(call):
    assert call() == np.inf


def test_lennard_jones_arrays_keep_finite_entries_beside_infinite_ones():
    values = lj.lennard_jones([1e-300, 1.0, 2 ** (1 / 6)])
    assert values[0] == np.inf
    np.testing.assert_allclose(values[1:], [0.0, -1.0], atol=1e-12)


@pytest.mark.parametrize("length_scale", [1e-170, 1e-60, 1e60, 1e200])
@pytest.mark.parametrize("kernel", [lj.gaussian_kernel, lj.laplacian_kernel])
def test_kernels_refuse_length_scales_whose_square_under_or_overflows(kernel, length_scale):
    with pytest.raises(ValueError, match="length_scale=.* is outside"):
        kernel(X, X, length_scale)


def test_power_law_with_identical_repeats_at_one_size_gives_a_finite_interval():
    fit = lj.fit_power_law([5, 5, 10, 10, 10], [1.0, 1.0, 0.5, 0.5, 0.5])
    assert np.all(np.isfinite(fit.nu_ci))
    assert fit.nu_ci[0] == fit.nu_ci[1] == fit.nu


def test_force_model_predict_where_the_representation_overflows_names_it():
    model = lj.EnergyForceKernelRidge(representation="r^-6", length_scale=3.0)
    model.fit(X, Y, forces=FORCES)
    with pytest.raises(ValueError, match="'r\\^-6' representation overflows"):
        model.predict([[1e-300]])


# -- issue 20, section 4: errors that say what is wrong -------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda ls: lj.LaplacianKernelRidge(length_scale=ls).fit(X, Y),
        lambda ls: lj.GaussianKernelRidge(length_scale=ls).fit(X, Y),
        lambda ls: lj.EnergyForceKernelRidge(length_scale=ls).fit(X, Y, forces=FORCES),
        lambda ls: lj.PairAdditiveKernelRidge(length_scale=ls).fit(TABLE, ENERGIES),
        lambda ls: lj.KernelGridSearch(lj.GaussianKernelRidge(), {"length_scale": [0.3, ls]}).fit(
            X, Y
        ),
        lambda ls: lj.learning_curve(
            lj.GaussianKernelRidge(length_scale=ls), X, Y, [5], n_repeats=2
        ),
    ],
    ids=["laplacian", "gaussian", "forces", "pair", "search", "learning_curve"],
)
@pytest.mark.parametrize("length_scale", [1e-200, 1e200])
def test_extreme_length_scales_raise_a_value_error_naming_length_scale(call, length_scale):
    with pytest.raises(ValueError, match="length_scale=.* is outside"):
        call(length_scale)


@pytest.mark.parametrize(
    ("representation", "r"), [("r^-6", 1e-60), ("1/r", 1e-310), ("r^-6", 1e-52)]
)
def test_overflowing_representations_name_x_and_the_representation(representation, r):
    X_bad = np.vstack([X, [[r]]])
    with pytest.raises(ValueError, match=f"X holds distances .*'{re.escape(representation)}'"):
        lj.GaussianKernelRidge(representation=representation).fit(X_bad, np.append(Y, 0.0))


def test_gram_matrix_at_zero_distance_names_the_argument():
    with pytest.raises(ValueError, match="A contains non-positive values"):
        lj.GaussianKernelRidge(representation="1/r").gram_matrix([[0.0]], X)


@pytest.mark.parametrize(
    "prior", [lj.InversePowerPrior(powers=(400,)), lj.InversePowerPrior(powers=(12, 6))]
)
def test_inverse_power_prior_overflow_names_powers_and_x(prior, capfd):
    with pytest.raises(ValueError, match="r\\^-p overflows for powers="):
        prior.fit([[1e-30], [1e-20], [1.0]], [1.0, 2.0, 3.0])
    assert "DLASCL" not in capfd.readouterr().err


class PlainPrior:
    """A prior with fit and predict that is not a scikit-learn estimator."""

    def fit(self, X, y):
        self.offset = float(np.mean(y))
        return self

    def predict(self, X):
        return np.full(len(X), self.offset)


def test_a_prior_that_is_not_a_scikit_learn_estimator_is_accepted():
    model = lj.GaussianKernelRidge(length_scale=0.3, alpha=1e-8, prior=PlainPrior()).fit(X, Y)
    assert model.prior_.offset == pytest.approx(np.mean(Y))
    assert np.isfinite(model.loo_mae_)  # refitted without each point
    curve = lj.learning_curve(model, X, Y, [6], n_repeats=2)
    assert np.all(np.isfinite(curve["mae"]))


def test_a_prior_without_predict_says_what_is_needed():
    with pytest.raises(TypeError, match="with fit and predict; object lacks fit, predict"):
        lj.GaussianKernelRidge(prior=object()).fit(X, Y)


@pytest.mark.parametrize(
    "call",
    [
        lambda: lj.GaussianKernelRidge(prior=lj.LinearWallPrior).fit(X, Y),
        lambda: lj.learning_curve(lj.LaplacianKernelRidge, X, Y, [5], n_repeats=2),
        lambda: lj.KernelGridSearch(lj.GaussianKernelRidge, {"alpha": [1e-8]}).fit(X, Y),
        lambda: lj.KernelCalculator(lj.PairAdditiveKernelRidge),
    ],
    ids=["prior", "learning_curve", "search", "calculator"],
)
def test_a_class_where_an_instance_is_expected_says_instance(call):
    with pytest.raises(TypeError, match="instance"):
        call()


@pytest.mark.parametrize(
    "call",
    [
        lambda: lj.LaplacianKernelRidge().fit(X, ["a"] * len(X)),
        lambda: lj.learning_curve(lj.LaplacianKernelRidge(), X, ["a"] * len(X), [5]),
        lambda: lj.InversePowerPrior().fit(X, ["a"] * len(X)),
    ],
    ids=["fit", "learning_curve", "prior"],
)
def test_string_targets_say_numbers_are_needed(call):
    with pytest.raises(TypeError, match="must hold numbers, got strings"):
        call()


@pytest.mark.parametrize(
    "call",
    [
        lambda: lj.LaplacianKernelRidge(length_scale=Fraction(1, 10)).fit(X, Y),
        lambda: lj.lennard_jones(1.0, epsilon=Fraction(1)),
        lambda: lj.gaussian_kernel(X, X, Fraction(1, 2)),
    ],
    ids=["model", "lennard_jones", "kernel"],
)
def test_fractions_for_scalar_parameters_say_pass_a_float(call):
    with pytest.raises(TypeError, match="pass float"):
        call()


@pytest.mark.parametrize(
    "call",
    [
        lambda: lj.lennard_jones(np.array([1.0 + 1j])),
        lambda: lj.LaplacianKernelRidge().fit(X + 0j, Y),
        lambda: lj.dimer_dataset(r_min=1 + 0j),
    ],
    ids=["lennard_jones", "fit", "dimer_dataset"],
)
def test_complex_inputs_are_refused(call):
    with pytest.raises((TypeError, ValueError), match="(?i)complex|real number"):
        call()


@pytest.mark.parametrize(
    "call",
    [
        lambda: lj.lennard_jones(r for r in (1.0, 2.0)),
        lambda: lj.lennard_jones({1.0: 2.0}),
        lambda: lj.LaplacianKernelRidge().fit(iter(X), Y),
        lambda: lj.fit_power_law(iter([5, 5, 10, 10]), [1.0, 1.1, 0.5, 0.6]),
        lambda: lj.learning_curve(lj.LaplacianKernelRidge(), X, Y, (n for n in [5])),
        lambda: lj.cluster_energy(p for p in np.eye(3)),
    ],
    ids=["generator", "dict", "fit", "fit_power_law", "train_sizes", "cluster"],
)
def test_generators_and_dicts_where_arrays_are_expected_say_convert(call):
    with pytest.raises(TypeError, match="must be an array or a list of numbers"):
        call()


@pytest.mark.parametrize("plot", [lj.plot_learning_curve, lj.plot_local_slopes])
def test_plot_helpers_without_axes_say_use_subplots(plot):
    curve = lj.learning_curve(lj.LaplacianKernelRidge(), X, Y, [4, 8], n_repeats=3)
    data = curve if plot is lj.plot_learning_curve else lj.local_slopes(curve)
    with pytest.raises(TypeError, match="matplotlib Axes.*plt.subplots"):
        plot(None, data, "label")


def test_log_axis_ticks_without_an_axis_says_what_it_needs():
    with pytest.raises(TypeError, match="matplotlib Axis such as ax.xaxis"):
        lj.log_axis_ticks(None)


def test_power_law_on_errors_near_the_float_limit_says_rescale():
    with pytest.raises(ValueError, match="rescale the errors"):
        lj.fit_power_law([5, 5, 10, 10], [1e308, 1.1e308, 5e307, 6e307])


@pytest.mark.parametrize("tie_rtol", [np.nan, np.inf, -0.1, 0.6])
def test_grid_search_refuses_a_bad_tie_tolerance(tie_rtol):
    with pytest.raises(ValueError, match="tie_rtol"):
        lj.KernelGridSearch(lj.GaussianKernelRidge(), {"alpha": [1e-8]}, tie_rtol=tie_rtol).fit(
            X, Y
        )


@pytest.mark.parametrize("grid", [{}, [], [{}], [{"alpha": [1e-8]}, {}]])
def test_grid_search_refuses_an_empty_parameter_grid(grid):
    with pytest.raises(ValueError, match="param_grid is empty"):
        lj.KernelGridSearch(lj.GaussianKernelRidge(), grid).fit(X, Y)


# -- issue 20, section 5: memory and scale ---------------------------------------


def test_a_dimer_fit_beyond_the_teaching_size_is_refused_with_its_memory():
    X_big = np.linspace(0.9, 2.0, 20_000).reshape(-1, 1)
    with pytest.raises(ValueError, match="20000 training points needs about 3.2 GB"):
        lj.GaussianKernelRidge().fit(X_big, lj.lennard_jones(X_big[:, 0]))


def test_a_force_fit_beyond_the_teaching_size_is_refused_with_its_memory():
    X_big = np.linspace(0.9, 2.0, 5_000).reshape(-1, 1)
    forces = lj.lennard_jones_force(X_big[:, 0])
    with pytest.raises(ValueError, match="10000 energies and forces needs about 0.8 GB"):
        lj.EnergyForceKernelRidge().fit(X_big, lj.lennard_jones(X_big[:, 0]), forces=forces)


def test_power_law_bootstrap_beyond_the_memory_bound_is_refused_with_its_memory():
    n = np.repeat([10, 20], 500)
    with pytest.raises(ValueError, match="n_bootstrap=1000000 needs about 8.0 GB"):
        lj.fit_power_law(n, 1.0 / n, n_bootstrap=10**6)


def test_pair_model_basis_beyond_the_memory_bound_is_refused_with_its_memory():
    with pytest.raises(ValueError, match="GB.*smaller n_basis"):
        lj.PairAdditiveKernelRidge(n_basis=10**7).fit(TABLE, ENERGIES)


def test_pair_model_with_many_more_basis_functions_than_clusters_uses_a_thin_svd():
    model = lj.PairAdditiveKernelRidge(n_basis=20_000, length_scale=0.005, alpha=1e-6)
    model.fit(TABLE, ENERGIES)  # a full SVD would hold a 20000 x 20000 V (3.2 GB)
    assert model.singular_values_.shape == (len(TABLE),)
    assert model._V.shape == (20_000, len(TABLE))


def test_learning_curve_beyond_one_repeat_in_memory_is_refused_with_its_memory(monkeypatch):
    monkeypatch.setattr(lj, "_MAX_ELEMENTS", 100)
    with pytest.raises(ValueError, match="one repeat of the learning curve on 12 points"):
        lj.learning_curve(lj.LaplacianKernelRidge(), X, Y, [5], n_repeats=2)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: lj.random_orderings(50, 10**7), "orderings of 50 points needs about 4.0 GB"),
        (lambda: lj.dimer_dataset(n_points=10**9), "n_points=1000000000 needs about 8.0 GB"),
        (lambda: lj.gaussian_kernel(np.ones((10**5, 1)), np.ones((10**5, 1)), 0.1), "GB"),
        (lambda: lj.PairAdditiveKernelRidge(n_basis=10**9).basis([1.0]), "smaller n_basis"),
    ],
    ids=["random_orderings", "dimer_dataset", "kernel", "basis"],
)
def test_requests_beyond_the_teaching_sizes_are_refused_with_their_memory(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_cluster_forces_that_overflow_are_refused_not_nan():
    with pytest.raises(ValueError, match="pair force overflows"):
        lj.cluster_forces(lj.lj_cluster_minimum(7), sigma=1e200)


def test_pair_distance_table_of_a_generator_says_convert():
    with pytest.raises(TypeError, match="must be an array or a list"):
        lj.pair_distance_table(c for c in lj.random_clusters(2, 7))


@pytest.mark.parametrize(
    "call",
    [
        lambda: lj.EnergyForceKernelRidge(representation="r^-6").kernel_blocks([[1e-50]], X),
        lambda: lj.PairAdditiveKernelRidge(alpha=1e-6).fit(TABLE, ENERGIES).predict(TABLE * 1e-300),
    ],
    ids=["force blocks", "pair predict"],
)
def test_features_whose_square_overflows_are_refused_like_infinite_ones(call):
    with pytest.raises(ValueError, match="representation overflows"):
        call()


def test_a_prior_far_larger_than_the_energies_is_refused_before_the_solve():
    model = lj.LaplacianKernelRidge(prior=lj.LinearWallPrior(gamma=1e308, r0=2.0))
    with pytest.raises(ValueError, match="y - prior\\(X\\) has magnitude"):
        model.fit(X, Y)


def test_inverse_power_prior_overflow_is_plus_infinity_not_a_warning():
    assert lj.InversePowerPrior(coef=(1e308,)).predict([[0.5]])[0] == np.inf


def test_power_law_refuses_training_sizes_that_are_not_counts():
    with pytest.raises(ValueError, match="counts of points"):
        lj.fit_power_law([5e300, 5e300, 1e301, 1e301], [1.0, 1.1, 0.5, 0.6])
