"""Specification of the helpers behind notebooks 05-07: GP view, hyperparameter search,
fitted priors and learning from forces."""

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import RBF
from sklearn.gaussian_process.kernels import ConstantKernel as C

import lj_helpers as lj

X_ALL, Y_ALL = lj.dimer_dataset()
F_ALL = lj.lennard_jones_force(X_ALL[:, 0])
TRAIN = np.random.default_rng(0).permutation(50)[:20]
X_TR, Y_TR, F_TR = X_ALL[TRAIN], Y_ALL[TRAIN], F_ALL[TRAIN]
GRID = {"length_scale": [0.1, 0.2, 0.4], "alpha": [1e-10, 1e-8, 1e-6]}

# ----------------------------------------------------------------------------- GP view


def test_gaussian_model_mean_and_std_equal_sklearn_gaussian_process():
    model = lj.GaussianKernelRidge(length_scale=0.2, alpha=1e-6).fit(X_TR, Y_TR)
    a2 = model.amplitude_**2
    gp = GaussianProcessRegressor(
        C(a2, "fixed") * RBF(0.2, "fixed"), alpha=1e-6 * a2, optimizer=None
    ).fit(X_TR, Y_TR)
    mean, std = model.predict(X_ALL, return_std=True)
    gp_mean, gp_std = gp.predict(X_ALL, return_std=True)
    np.testing.assert_allclose(mean, gp_mean, atol=1e-9)
    np.testing.assert_allclose(std, gp_std, atol=1e-9)
    assert model.log_marginal_likelihood_ == pytest.approx(gp.log_marginal_likelihood_value_)


def test_amplitude_maximises_the_marginal_likelihood():
    model = lj.GaussianKernelRidge(length_scale=0.2, alpha=1e-6).fit(X_TR, Y_TR)
    a2 = model.amplitude_**2

    def lml(scale):
        kernel = C(a2 * scale, "fixed") * RBF(0.2, "fixed")
        gp = GaussianProcessRegressor(kernel, alpha=1e-6 * a2 * scale, optimizer=None)
        return gp.fit(X_TR, Y_TR).log_marginal_likelihood_value_

    assert lml(1.0) > lml(0.8)
    assert lml(1.0) > lml(1.25)


def test_predictive_std_vanishes_at_training_points_and_grows_away():
    model = lj.GaussianKernelRidge(length_scale=0.1, alpha=1e-10).fit(X_TR, Y_TR)
    _, std_train = model.predict(X_TR, return_std=True)
    _, std_far = model.predict(np.array([[2.5]]), return_std=True)
    assert std_train.max() < 1e-3 * model.amplitude_
    assert std_far[0] > 0.5 * model.amplitude_


def test_loo_residuals_equal_refitting_without_each_point():
    model = lj.GaussianKernelRidge(length_scale=0.2, alpha=1e-6).fit(X_TR, Y_TR)
    brute = []
    for i in range(len(X_TR)):
        keep = np.arange(len(X_TR)) != i
        refit = lj.GaussianKernelRidge(length_scale=0.2, alpha=1e-6).fit(X_TR[keep], Y_TR[keep])
        brute.append(abs(refit.predict(X_TR[i : i + 1])[0] - Y_TR[i]))
    assert model.loo_mae_ == pytest.approx(np.mean(brute), rel=1e-6)


# ----------------------------------------------------------------------------- search


@pytest.mark.parametrize("criterion", ["loo", "marginal_likelihood"])
def test_grid_search_picks_the_best_scoring_fit(criterion):
    search = lj.KernelGridSearch(lj.GaussianKernelRidge(), GRID, criterion=criterion)
    search.fit(X_TR, Y_TR)
    scores = {}
    for ls in GRID["length_scale"]:
        for a in GRID["alpha"]:
            m = lj.GaussianKernelRidge(length_scale=ls, alpha=a).fit(X_TR, Y_TR)
            scores[(ls, a)] = -m.loo_mae_ if criterion == "loo" else m.log_marginal_likelihood_
    best = max(scores, key=scores.get)
    assert (search.best_params_["length_scale"], search.best_params_["alpha"]) == best
    assert search.best_score_ == pytest.approx(scores[best])
    np.testing.assert_allclose(
        search.predict(X_ALL),
        lj.GaussianKernelRidge(length_scale=best[0], alpha=best[1]).fit(X_TR, Y_TR).predict(X_ALL),
    )


def test_grid_search_with_fitted_prior_equals_plain_fits():
    est = lj.GaussianKernelRidge(representation="1/r", prior=lj.InversePowerPrior())
    search = lj.KernelGridSearch(est, GRID).fit(X_TR, Y_TR)
    best = clone(est).set_params(**search.best_params_).fit(X_TR, Y_TR)
    np.testing.assert_allclose(search.predict(X_ALL), best.predict(X_ALL))


def test_grid_search_skips_singular_grid_points_and_fails_clearly_if_all_are():
    grid = {"length_scale": [5.0, 0.2], "alpha": [0.0, 1e-8]}
    search = lj.KernelGridSearch(lj.GaussianKernelRidge(), grid).fit(X_TR, Y_TR)
    assert search.best_params_ != {"length_scale": 5.0, "alpha": 0.0}
    with pytest.raises(ValueError, match="No grid point"):
        lj.KernelGridSearch(lj.GaussianKernelRidge(), {"length_scale": [5.0], "alpha": [0.0]}).fit(
            X_TR, Y_TR
        )


def test_grid_search_rejects_unknown_criterion():
    with pytest.raises(ValueError, match="criterion"):
        lj.KernelGridSearch(lj.GaussianKernelRidge(), GRID, criterion="test_set").fit(X_TR, Y_TR)


def test_grid_search_predict_before_fit_raises_not_fitted():
    with pytest.raises(NotFittedError):
        lj.KernelGridSearch(lj.GaussianKernelRidge(), GRID).predict(X_ALL)


def test_grid_search_in_learning_curve_uses_training_data_only():
    search = lj.KernelGridSearch(lj.GaussianKernelRidge(), GRID)
    curve = lj.learning_curve(search, X_ALL, Y_ALL, [10], n_repeats=3, random_state=0)
    X_tr = X_ALL[np.random.default_rng(0).permuted(np.tile(np.arange(50), (3, 1)), axis=1)[0, :10]]
    first = clone(search).fit(X_tr, lj.lennard_jones(X_tr[:, 0]))
    rest = np.setdiff1d(X_ALL[:, 0], X_tr[:, 0]).reshape(-1, 1)
    mae = np.mean(np.abs(first.predict(rest) - lj.lennard_jones(rest[:, 0])))
    assert curve["mae"].iloc[0] == pytest.approx(mae)


# ----------------------------------------------------------------------------- priors


def test_inverse_power_prior_recovers_lj_coefficients():
    prior = lj.InversePowerPrior(powers=(12, 6)).fit(X_TR, Y_TR)
    np.testing.assert_allclose(prior.coef_, [4.0, -4.0], rtol=1e-8)
    np.testing.assert_allclose(prior.predict(X_ALL), Y_ALL, atol=1e-9)


def test_inverse_power_prior_is_refitted_on_each_training_set():
    model = lj.GaussianKernelRidge(length_scale=0.2, alpha=1e-8, prior=lj.InversePowerPrior())
    a = clone(model).fit(X_ALL[:10], Y_ALL[:10]).prior_.coef_
    b = clone(model).fit(X_ALL[30:], Y_ALL[30:]).prior_.coef_
    assert not np.allclose(a, b)
    assert not hasattr(model.prior, "coef_")  # the parameter itself stays unfitted


def test_inverse_power_prior_rejects_too_few_points_and_bad_input():
    with pytest.raises(ValueError, match="cannot fit 2 coefficients"):
        lj.InversePowerPrior(powers=(12, 6)).fit(np.array([[1.0], [1.0]]), [1.0, 1.0])
    with pytest.raises(ValueError, match="powers is empty"):
        lj.InversePowerPrior(powers=()).fit(X_TR, Y_TR)
    with pytest.raises(ValueError, match="finite energy"):
        lj.InversePowerPrior().fit(X_TR, np.full(len(X_TR), np.nan))
    with pytest.raises(NotFittedError):
        lj.InversePowerPrior().predict(np.array([[1.0]]))


# ----------------------------------------------------------------------------- forces


@pytest.mark.parametrize("representation", ["r", "1/r", "r^-6"])
def test_derivative_kernel_blocks_match_finite_differences(representation):
    model = lj.EnergyForceKernelRidge(length_scale=0.7, representation=representation)
    a, b, h = np.array([[1.05], [1.3]]), np.array([[1.1], [1.6]]), 1e-6
    k, uf, fu, ff = model.kernel_blocks(a, b)
    k_b = (model.kernel_blocks(a, b + h)[0] - model.kernel_blocks(a, b - h)[0]) / (2 * h)
    k_a = (model.kernel_blocks(a + h, b)[0] - model.kernel_blocks(a - h, b)[0]) / (2 * h)
    uf_a = (model.kernel_blocks(a + h, b)[1] - model.kernel_blocks(a - h, b)[1]) / (2 * h)
    np.testing.assert_allclose(uf, -k_b, rtol=1e-5, atol=1e-8)
    np.testing.assert_allclose(fu, -k_a, rtol=1e-5, atol=1e-8)
    np.testing.assert_allclose(ff, -uf_a, rtol=1e-5, atol=1e-6)


def test_predicted_force_is_minus_derivative_of_predicted_energy():
    # Moderate alphas keep the weights small, so finite differences are not swamped by rounding.
    model = lj.EnergyForceKernelRidge(
        length_scale=0.3, alpha_energy=1e-4, alpha_force=1e-4, representation="1/r"
    )
    model.fit(X_TR, Y_TR, forces=F_TR)
    r, h = np.linspace(0.95, 1.9, 30).reshape(-1, 1), 1e-6
    numeric = -(model.predict(r + h) - model.predict(r - h)) / (2 * h)
    np.testing.assert_allclose(model.predict_forces(r), numeric, rtol=1e-5, atol=1e-5)


def test_energy_only_fit_equals_gaussian_kernel_ridge():
    ef = lj.EnergyForceKernelRidge(length_scale=0.2, alpha_energy=1e-8).fit(X_TR, Y_TR)
    plain = lj.GaussianKernelRidge(length_scale=0.2, alpha=1e-8).fit(X_TR, Y_TR)
    np.testing.assert_allclose(ef.predict(X_ALL), plain.predict(X_ALL), atol=1e-9)


def test_forces_improve_energies_and_one_energy_fixes_the_zero():
    grid_X, grid_y = lj.dimer_dataset(200)
    kw = dict(length_scale=0.3, alpha_energy=1e-12, alpha_force=1e-12, representation="1/r")
    energy_only = lj.EnergyForceKernelRidge(**kw).fit(X_TR, Y_TR)
    both = lj.EnergyForceKernelRidge(**kw).fit(X_TR, Y_TR, forces=F_TR)
    one = lj.EnergyForceKernelRidge(**kw, energies="one").fit(X_TR, Y_TR, forces=F_TR)
    mae = {
        name: np.mean(np.abs(m.predict(grid_X) - grid_y))
        for name, m in (("E", energy_only), ("E+F", both), ("F+1E", one))
    }
    assert mae["E+F"] < mae["E"]
    assert mae["F+1E"] < 10 * mae["E+F"]
    assert one.predict(X_TR[:1])[0] == pytest.approx(Y_TR[0], abs=1e-6)


def test_force_model_rejects_bad_force_input():
    model = lj.EnergyForceKernelRidge()
    with pytest.raises(ValueError, match="forces must have shape"):
        model.fit(X_TR, Y_TR, forces=F_TR[:-1])
    with pytest.raises(ValueError, match="forces must have shape"):
        model.fit(X_TR, Y_TR, forces=F_TR.reshape(-1, 1))
    with pytest.raises(ValueError, match="NaN"):
        model.fit(X_TR, Y_TR, forces=np.full(len(F_TR), np.nan))
    with pytest.raises(ValueError, match="without forces"):
        model.fit(X_TR, Y_TR, X_force=X_TR)
    with pytest.raises(ValueError, match="learns from forces"):
        lj.EnergyForceKernelRidge(energies="one").fit(X_TR, Y_TR)
    with pytest.raises(ValueError, match="energies must be"):
        lj.EnergyForceKernelRidge(energies="some").fit(X_TR, Y_TR, forces=F_TR)
    with pytest.raises(NotFittedError):
        lj.EnergyForceKernelRidge().predict_forces(X_TR)


def test_learning_curve_passes_forces_to_each_fit():
    model = lj.EnergyForceKernelRidge(
        length_scale=0.3, alpha_energy=1e-10, alpha_force=1e-10, representation="1/r"
    )
    with_f = lj.learning_curve(model, X_ALL, Y_ALL, [10], n_repeats=5, forces=F_ALL)
    without = lj.learning_curve(model, X_ALL, Y_ALL, [10], n_repeats=5)
    assert with_f["mae"].mean() < without["mae"].mean()
    with pytest.raises(ValueError, match="forces must have shape"):
        lj.learning_curve(model, X_ALL, Y_ALL, [10], n_repeats=5, forces=F_ALL[:-1])
