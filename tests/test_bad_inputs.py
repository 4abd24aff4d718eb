"""Every bad input gets a clear error (issue 10, section 4).

One behaviour per test: the exception type and a fragment of the message that
tells the user what to do. The sweep at the end tries NaN, inf, negative, zero,
bool and wrong types on every scalar parameter of every public function.
"""

import numpy as np
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
