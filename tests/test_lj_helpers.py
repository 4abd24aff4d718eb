"""Specification of lj_helpers: physics, models, learning curves, power laws, bad input."""

import numpy as np
import pandas as pd
import pytest
from scipy.spatial.distance import cdist
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.kernel_ridge import KernelRidge
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.model_selection import learning_curve as sk_learning_curve
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

import lj_helpers as lj

X_ALL, Y_ALL = lj.dimer_dataset()
MODELS = [lj.LaplacianKernelRidge, lj.GaussianKernelRidge]


def seed_split(random_state):
    """The seed's 50/50 split of its 50 distances, seeded."""
    r = np.linspace(0.9, 2.0, 50)
    r_train, r_test = train_test_split(r, train_size=0.5, shuffle=True, random_state=random_state)
    return r_train.reshape(-1, 1), lj.lennard_jones(r_train), r_test.reshape(-1, 1)


# ----------------------------------------------------------------------------- physics


def test_energy_is_zero_at_sigma():
    assert lj.lennard_jones(1.0) == pytest.approx(0.0, abs=1e-15)
    assert lj.lennard_jones(2.5, sigma=2.5) == pytest.approx(0.0, abs=1e-15)


def test_energy_minimum_is_minus_epsilon_at_two_to_the_sixth():
    r_min = 2 ** (1 / 6)
    assert lj.lennard_jones(r_min) == pytest.approx(-1.0, rel=1e-14)
    assert lj.lennard_jones(r_min * 1.3, epsilon=0.7, sigma=1.3) == pytest.approx(-0.7)
    r = np.linspace(0.95, 3.0, 20001)
    assert r[np.argmin(lj.lennard_jones(r))] == pytest.approx(r_min, abs=1e-4)


def test_force_is_minus_numerical_derivative_of_energy():
    LJ = {"epsilon": 1.3, "sigma": 1.1}
    r = np.linspace(0.9, 3.0, 200)
    h = 1e-6
    numerical = -(lj.lennard_jones(r + h, **LJ) - lj.lennard_jones(r - h, **LJ)) / (2 * h)
    np.testing.assert_allclose(lj.lennard_jones_force(r, **LJ), numerical, rtol=1e-6, atol=1e-7)


def test_force_vanishes_at_minimum_and_is_repulsive_inside():
    assert lj.lennard_jones_force(2 ** (1 / 6)) == pytest.approx(0.0, abs=1e-12)
    assert lj.lennard_jones_force(0.95) > 0
    assert lj.lennard_jones_force(1.5) < 0


def test_energy_and_force_keep_the_input_shape():
    r = np.full((3, 4), 1.2)
    assert lj.lennard_jones(r).shape == (3, 4)
    assert lj.lennard_jones_force(r).shape == (3, 4)


def test_dimer_dataset_is_the_seed_grid():
    X, y = lj.dimer_dataset()
    assert X.shape == (50, 1)
    np.testing.assert_array_equal(X[:, 0], np.linspace(0.9, 2.0, 50))
    np.testing.assert_allclose(y, 4 * (X[:, 0] ** -12 - X[:, 0] ** -6), rtol=1e-13)


@pytest.mark.parametrize("bad", [0.0, -1.0, np.nan, np.inf])
@pytest.mark.parametrize("func", [lj.lennard_jones, lj.lennard_jones_force])
def test_energy_and_force_reject_non_positive_or_non_finite_distances(func, bad):
    with pytest.raises(ValueError, match="distances|positive|finite"):
        func(np.array([1.0, bad]))


# ----------------------------------------------------------------------------- kernels


def test_laplacian_kernel_is_exponential_of_absolute_distance():
    a, b = np.array([[1.0], [1.3]]), np.array([[1.1]])
    np.testing.assert_allclose(
        lj.laplacian_kernel(a, b, 0.1), np.exp(-np.array([[0.1], [0.2]]) / 0.1)
    )


def test_gaussian_kernel_is_exponential_of_squared_distance():
    a, b = np.array([[1.0], [1.3]]), np.array([[1.1]])
    np.testing.assert_allclose(
        lj.gaussian_kernel(a, b, 0.2), np.exp(-np.array([[0.01], [0.04]]) / (2 * 0.04))
    )


def test_cityblock_equals_euclidean_in_one_dimension():
    r = X_ALL
    np.testing.assert_allclose(cdist(r, r, "cityblock"), cdist(r, r, "euclidean"), atol=1e-15)


# ----------------------------------------------------------------------------- models


@pytest.mark.parametrize("random_state", [0, 1, 2, 42, 1234])
def test_laplacian_model_reproduces_seed_formula(random_state):
    X_train, y_train, X_test = seed_split(random_state)
    # Independent transcription of the seed: alpha = y (K + lambda I)^-1,
    # prediction = alpha K(train, test), K = exp(-cityblock / sigma).
    K = np.exp(-cdist(X_train, X_train, "cityblock") / 0.1)
    weights = np.linalg.solve(K + 1e-9 * np.identity(len(X_train)), y_train)
    expected = weights @ np.exp(-cdist(X_train, X_test, "cityblock") / 0.1)
    model = lj.LaplacianKernelRidge(length_scale=0.1, alpha=1e-9).fit(X_train, y_train)
    np.testing.assert_allclose(model.predict(X_test), expected, rtol=1e-8, atol=1e-8)


@pytest.mark.parametrize("random_state", [0, 7])
def test_seed_prior_model_reproduces_seed_formula(random_state):
    X_train, y_train, X_test = seed_split(random_state)

    def wall(r):
        return -150.0 * (r - 0.95) * np.heaviside(0.95 - r, 0.0)

    K = np.exp(-cdist(X_train, X_train, "cityblock") / 0.1)
    weights = np.linalg.solve(K + 1e-9 * np.identity(len(X_train)), y_train - wall(X_train[:, 0]))
    expected = wall(X_test[:, 0]) + weights @ np.exp(-cdist(X_train, X_test, "cityblock") / 0.1)
    model = lj.LaplacianKernelRidge(prior=lj.LinearWallPrior(gamma=150.0, r0=0.95)).fit(
        X_train, y_train
    )
    np.testing.assert_allclose(model.predict(X_test), expected, rtol=1e-8, atol=1e-8)


def test_laplacian_model_equals_sklearn_kernel_ridge_laplacian():
    X_train, y_train, X_test = seed_split(3)
    ours = lj.LaplacianKernelRidge(length_scale=0.25, alpha=1e-6).fit(X_train, y_train)
    ref = KernelRidge(kernel="laplacian", gamma=1 / 0.25, alpha=1e-6).fit(X_train, y_train)
    np.testing.assert_allclose(ours.predict(X_test), ref.predict(X_test), rtol=1e-9, atol=1e-10)
    np.testing.assert_allclose(ours.dual_coef_, ref.dual_coef_, rtol=1e-7)


def test_gaussian_model_equals_sklearn_kernel_ridge_rbf():
    X_train, y_train, X_test = seed_split(3)
    ours = lj.GaussianKernelRidge(length_scale=0.15, alpha=1e-4).fit(X_train, y_train)
    ref = KernelRidge(kernel="rbf", gamma=1 / (2 * 0.15**2), alpha=1e-4).fit(X_train, y_train)
    np.testing.assert_allclose(ours.predict(X_test), ref.predict(X_test), rtol=1e-8, atol=1e-9)


@pytest.mark.parametrize("model_class", MODELS)
def test_fit_solves_the_regularised_system(model_class):
    # (K + alpha I) c = y  <=>  y - f(X_train) = alpha c
    X_train, y_train, _ = seed_split(0)
    model = model_class(length_scale=0.1, alpha=1e-3).fit(X_train, y_train)
    np.testing.assert_allclose(
        y_train - model.predict(X_train), 1e-3 * model.dual_coef_, atol=1e-12
    )


def test_laplacian_model_with_tiny_alpha_interpolates_training_data():
    X_train, y_train, _ = seed_split(0)
    model = lj.LaplacianKernelRidge(length_scale=0.1, alpha=1e-10).fit(X_train, y_train)
    np.testing.assert_allclose(model.predict(X_train), y_train, atol=1e-7)


def test_prior_is_added_back_in_predict():
    X_train, y_train, X_test = seed_split(0)
    prior = lj.LinearWallPrior(gamma=150.0, r0=0.95)
    with_prior = lj.LaplacianKernelRidge(prior=prior).fit(X_train, y_train)
    on_residual = lj.LaplacianKernelRidge().fit(X_train, y_train - prior.predict(X_train))
    np.testing.assert_allclose(
        with_prior.predict(X_test), on_residual.predict(X_test) + prior.predict(X_test)
    )


def test_linear_wall_prior_values():
    prior = lj.LinearWallPrior(gamma=150.0, r0=0.95)
    np.testing.assert_allclose(prior.predict(np.array([[0.9], [0.95], [1.5]])), [7.5, 0.0, 0.0])


@pytest.mark.parametrize("model_class", MODELS)
def test_models_work_with_clone_get_and_set_params(model_class):
    model = model_class(length_scale=0.3, alpha=1e-5, prior=lj.LinearWallPrior())
    copy = clone(model)

    def plain_params(m):  # get_params(deep=True) also lists prior__gamma and prior__r0
        return {k: v for k, v in m.get_params().items() if k != "prior"}

    assert plain_params(copy) == plain_params(model)
    assert copy.prior is not model.prior
    copy.set_params(length_scale=0.5)
    assert copy.length_scale == 0.5
    assert model.length_scale == 0.3


@pytest.mark.parametrize("model_class", MODELS)
def test_models_work_in_grid_search(model_class):
    search = GridSearchCV(
        model_class(alpha=1e-8),
        {"length_scale": [0.05, 0.2, 0.5]},
        cv=3,
        scoring="neg_mean_absolute_error",
    ).fit(X_ALL, Y_ALL)
    assert search.best_params_["length_scale"] in (0.05, 0.2, 0.5)


def test_models_work_in_sklearn_learning_curve_and_pipeline():
    pipe = make_pipeline(
        FunctionTransformer(), lj.GaussianKernelRidge(length_scale=0.2, alpha=1e-8)
    )
    sizes, train_scores, test_scores = sk_learning_curve(
        pipe, X_ALL, Y_ALL, train_sizes=[10, 20], cv=3, shuffle=True, random_state=0
    )
    assert list(sizes) == [10, 20]
    assert np.all(np.isfinite(test_scores))


@pytest.mark.parametrize("model_class", MODELS)
def test_representations_are_features_of_the_distance(model_class):
    X_train, y_train, X_test = seed_split(0)
    inverse = model_class(length_scale=0.2, alpha=1e-8, representation="1/r").fit(X_train, y_train)
    plain = model_class(length_scale=0.2, alpha=1e-8).fit(1 / X_train, y_train)
    np.testing.assert_allclose(inverse.predict(X_test), plain.predict(1 / X_test))


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("model_class", MODELS)
def test_predict_before_fit_raises_not_fitted(model_class):
    with pytest.raises(NotFittedError):
        model_class().predict(X_ALL)


@pytest.mark.parametrize("bad", [0.0, -0.5, np.nan, np.inf])
def test_fit_rejects_non_positive_or_non_finite_distances(bad):
    X = X_ALL.copy()
    X[3, 0] = bad
    with pytest.raises(ValueError, match="positive|NaN|infinity|finite"):
        lj.LaplacianKernelRidge().fit(X, Y_ALL)


def test_predict_rejects_non_positive_distances():
    model = lj.LaplacianKernelRidge().fit(X_ALL, Y_ALL)
    with pytest.raises(ValueError, match="positive"):
        model.predict(np.array([[1.0], [-1.0]]))


def test_fit_rejects_length_mismatch():
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        lj.LaplacianKernelRidge().fit(X_ALL, Y_ALL[:-1])


def test_fit_rejects_1d_X_and_says_how_to_reshape():
    with pytest.raises(ValueError, match=r"reshape\(-1, 1\)"):
        lj.LaplacianKernelRidge().fit(X_ALL[:, 0], Y_ALL)


@pytest.mark.parametrize(
    "params", [{"length_scale": -0.1}, {"length_scale": 0.0}, {"alpha": -1e-9}]
)
@pytest.mark.parametrize("model_class", MODELS)
def test_fit_rejects_negative_length_scale_or_alpha(model_class, params):
    with pytest.raises(ValueError, match="length_scale|alpha"):
        model_class(**params).fit(X_ALL, Y_ALL)


def test_fit_rejects_non_numeric_length_scale():
    with pytest.raises(TypeError, match="length_scale"):
        lj.LaplacianKernelRidge(length_scale="0.1").fit(X_ALL, Y_ALL)


def test_fit_rejects_unknown_representation():
    with pytest.raises(ValueError, match="representation"):
        lj.GaussianKernelRidge(representation="r^2").fit(X_ALL, Y_ALL)


def test_singular_system_says_raise_alpha():
    X = np.vstack([X_ALL[:10], X_ALL[:1]])
    y = np.append(Y_ALL[:10], Y_ALL[0])
    with pytest.raises(lj.NotPositiveDefiniteError, match="Raise alpha"):
        lj.LaplacianKernelRidge(alpha=0.0).fit(X, y)


def test_ill_conditioned_gaussian_system_says_raise_alpha():
    with pytest.raises(lj.NotPositiveDefiniteError, match="Raise alpha"):
        lj.GaussianKernelRidge(length_scale=2.0, alpha=0.0).fit(X_ALL, Y_ALL)


# ----------------------------------------------------------------------------- learning curves


@pytest.mark.parametrize(
    "model",
    [
        lj.LaplacianKernelRidge(),
        lj.LaplacianKernelRidge(prior=lj.LinearWallPrior()),
        lj.GaussianKernelRidge(length_scale=0.3, alpha=1e-6, representation="1/r"),
    ],
)
def test_batched_learning_curve_equals_plain_loop_fit_by_fit(model):
    sizes = [3, 10, 25, 49]
    batched = lj.learning_curve(model, X_ALL, Y_ALL, sizes, n_repeats=20, random_state=5)
    # A wrapper without the batched path forces the plain fit/predict loop.
    looped = lj.learning_curve(
        make_pipeline(FunctionTransformer(), model),
        X_ALL,
        Y_ALL,
        sizes,
        n_repeats=20,
        random_state=5,
    )
    pd.testing.assert_frame_equal(batched[["n_train", "repeat"]], looped[["n_train", "repeat"]])
    np.testing.assert_allclose(batched["mae"], looped["mae"], rtol=1e-7, atol=1e-10)


def test_batched_learning_curve_with_fixed_test_set_equals_plain_loop():
    model = lj.GaussianKernelRidge(length_scale=0.2, alpha=1e-8)
    X_test = np.linspace(0.9, 2.0, 37).reshape(-1, 1)
    kwargs = dict(
        n_repeats=15, random_state=1, X_test=X_test, y_test=lj.lennard_jones(X_test[:, 0])
    )
    batched = lj.learning_curve(model, X_ALL, Y_ALL, [5, 50], **kwargs)
    looped = lj.learning_curve(
        make_pipeline(FunctionTransformer(), model), X_ALL, Y_ALL, [5, 50], **kwargs
    )
    np.testing.assert_allclose(batched["mae"], looped["mae"], rtol=1e-7, atol=1e-10)


def test_learning_curve_one_row_per_fit_with_tidy_columns():
    curve = lj.learning_curve(lj.LaplacianKernelRidge(), X_ALL, Y_ALL, [0.1, 0.5], n_repeats=7)
    assert list(curve.columns) == ["n_train", "repeat", "mae"]
    assert len(curve) == 14
    assert sorted(curve["n_train"].unique()) == [5, 25]  # fractions as train_test_split rounds
    assert list(curve["repeat"][:7]) == list(range(7))


def test_learning_curve_is_deterministic_for_a_seed_and_varies_with_it():
    def run(seed):
        return lj.learning_curve(
            lj.LaplacianKernelRidge(), X_ALL, Y_ALL, [10], n_repeats=30, random_state=seed
        )["mae"]

    np.testing.assert_array_equal(run(3), run(3))
    assert not np.allclose(run(3), run(4))


def test_learning_curve_reproduces_seed_protocol_means():
    curve = lj.learning_curve(lj.LaplacianKernelRidge(), X_ALL, Y_ALL, [5, 25], n_repeats=500)
    means = curve.groupby("n_train")["mae"].mean()
    # Seed README (500 splits): 0.493 at N = 5 and 0.208 at N = 25.
    assert means[5] == pytest.approx(0.493, abs=0.02)
    assert means[25] == pytest.approx(0.208, abs=0.02)


@pytest.mark.parametrize("sizes", [[1], [0], [50], [60], [1.0], [0.0], [-3]])
def test_learning_curve_rejects_sizes_out_of_range(sizes):
    with pytest.raises(ValueError, match="training size"):
        lj.learning_curve(lj.LaplacianKernelRidge(), X_ALL, Y_ALL, sizes, n_repeats=2)


def test_learning_curve_allows_all_points_with_fixed_test_set():
    curve = lj.learning_curve(
        lj.LaplacianKernelRidge(),
        X_ALL,
        Y_ALL,
        [50],
        n_repeats=2,
        X_test=X_ALL[::7],
        y_test=Y_ALL[::7],
    )
    assert curve["mae"].max() < 1e-6


def test_learning_curve_rejects_1d_X_and_mismatched_y():
    with pytest.raises(ValueError, match=r"reshape\(-1, 1\)"):
        lj.learning_curve(lj.LaplacianKernelRidge(), X_ALL[:, 0], Y_ALL, [5], n_repeats=2)
    with pytest.raises(ValueError, match="y must have shape"):
        lj.learning_curve(lj.LaplacianKernelRidge(), X_ALL, Y_ALL[:-1], [5], n_repeats=2)


def test_learning_curve_needs_both_or_neither_test_arrays():
    with pytest.raises(ValueError, match="both X_test and y_test"):
        lj.learning_curve(lj.LaplacianKernelRidge(), X_ALL, Y_ALL, [5], n_repeats=2, X_test=X_ALL)


# ----------------------------------------------------------------------------- power laws


def test_power_law_fit_recovers_exact_exponent_and_prefactor():
    n = np.repeat([5, 10, 20, 40], 3).astype(float)
    mae = 1.7 * n**-0.66 * np.tile([0.99, 1.0, 1.01], 4)
    fit = lj.fit_power_law(n, mae)
    assert fit.nu == pytest.approx(-0.66, abs=1e-3)
    assert fit.beta == pytest.approx(1.7, rel=1e-2)
    assert fit.nu_ci[0] <= fit.nu <= fit.nu_ci[1]
    assert fit.beta_ci[0] <= fit.beta <= fit.beta_ci[1]
    assert fit(10) == pytest.approx(fit.beta * 10**fit.nu)


def test_power_law_interval_covers_truth_for_noisy_data():
    rng = np.random.default_rng(0)
    n = np.repeat([5, 10, 20, 40, 80], 200).astype(float)
    mae = 2.0 * n**-0.8 * rng.lognormal(0.0, 0.3, n.size) / np.exp(0.3**2 / 2)
    fit = lj.fit_power_law(n, mae)
    assert fit.nu_ci[0] < -0.8 < fit.nu_ci[1]
    assert fit.nu_ci[1] - fit.nu_ci[0] < 0.1


@pytest.mark.parametrize(
    ("n_train", "mae"),
    [([5, 5, 10], [0.1, 0.2, 0.05]), ([5, 5], [0.1, 0.2]), ([5, 5, 10, 10], [0.1, 0.0, 0.1, 0.1])],
)
def test_power_law_rejects_too_little_or_non_positive_data(n_train, mae):
    with pytest.raises(ValueError, match="at least two|positive"):
        lj.fit_power_law(n_train, mae)


def test_paired_bootstrap_of_identical_curves_has_zero_slope_difference():
    curve = lj.learning_curve(lj.LaplacianKernelRidge(), X_ALL, Y_ALL, [5, 10, 20], n_repeats=30)
    a = lj.fit_power_law(curve["n_train"], curve["mae"])
    b = lj.fit_power_law(curve["n_train"], curve["mae"] * 2.0)
    np.testing.assert_allclose(a.nu_bootstrap - b.nu_bootstrap, 0.0, atol=1e-12)
    assert b.beta == pytest.approx(2 * a.beta)


def test_outside_training_range_marks_points_beyond_the_training_extremes():
    X_train = np.array([[1.0], [1.5]])
    X_test = np.array([[0.9], [1.2], [1.5], [1.7]])
    np.testing.assert_array_equal(
        lj.outside_training_range(X_train, X_test)[:, 0], [True, False, False, True]
    )


def test_learning_curve_uses_the_public_random_orderings():
    order = lj.random_orderings(50, 7, random_state=3)
    curve = lj.learning_curve(
        lj.LaplacianKernelRidge(), X_ALL, Y_ALL, [10], n_repeats=7, random_state=3
    )
    for repeat, mae in enumerate(curve["mae"]):
        train, test = order[repeat, :10], order[repeat, 10:]
        model = lj.LaplacianKernelRidge().fit(X_ALL[train], Y_ALL[train])
        assert mae == pytest.approx(np.mean(np.abs(model.predict(X_ALL[test]) - Y_ALL[test])))


def test_log_axis_ticks_labels_given_sizes_as_plain_integers():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.set_xscale("log")
    ax.plot([5, 47], [1.0, 0.1])
    assert lj.log_axis_ticks(ax.xaxis, ticks=[5, 10, 20, 30, 47]) is ax.xaxis
    fig.canvas.draw()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["5", "10", "20", "30", "47"]
    assert not any(t.get_text() for t in ax.xaxis.get_minorticklabels())
    plt.close(fig)
