"""Numerics of lj_helpers that notebooks quote: honest intervals, exact leave-one-out,
tie-aware grid search and a well-posed pair-additive solve (issue 15, sections 1 and 2)."""

import numpy as np
import pandas as pd
import pytest

import lj_helpers as lj

SIZES = np.array([5, 10, 20, 40, 80, 160])


def synthetic_curve(rng, mean_curve, n_repeats=6, sigma=0.4):
    """Log-normal errors around ``mean_curve`` (the mean, not the median, follows it)."""
    noise = rng.normal(0, sigma, (SIZES.size, n_repeats)) + rng.normal(0, sigma, n_repeats)
    errors = mean_curve[:, None] * np.exp(noise - sigma**2)  # E[exp(noise)] = exp(sigma^2)
    return np.repeat(SIZES, n_repeats), errors.ravel()


# -- power laws ---------------------------------------------------------------


def test_power_law_interval_covers_true_exponent_95_percent_with_six_repeats():
    rng = np.random.default_rng(0)
    hits = 0
    for seed in range(200):
        n, mae = synthetic_curve(rng, 3.0 * SIZES**-1.2)
        fit = lj.fit_power_law(n, mae, n_bootstrap=100, random_state=seed)
        hits += fit.nu_ci[0] <= -1.2 <= fit.nu_ci[1]
    assert 0.90 <= hits / 200 <= 0.99


def test_power_law_has_few_false_alarms_of_lack_of_fit():
    rng = np.random.default_rng(1)
    alarms = sum(
        lj.fit_power_law(*synthetic_curve(rng, 3.0 * SIZES**-1.2), n_bootstrap=100).is_power_law
        is False  # None (undetermined) is no alarm
        for _ in range(200)
    )
    assert alarms / 200 <= 0.10


def test_curved_learning_curve_is_not_a_power_law():
    rng = np.random.default_rng(2)
    n, mae = synthetic_curve(rng, SIZES**-1.0 + 30.0 * SIZES**-3.0, n_repeats=20, sigma=0.1)
    fit = lj.fit_power_law(n, mae)
    assert fit.is_power_law is False
    assert "not a power law" in str(fit)


def test_exponential_learning_curve_is_not_a_power_law():
    rng = np.random.default_rng(3)
    n, mae = synthetic_curve(rng, np.exp(-SIZES / 40.0), n_repeats=20, sigma=0.1)
    assert lj.fit_power_law(n, mae).is_power_law is False


def test_lack_of_fit_widens_the_interval():
    rng = np.random.default_rng(4)
    n, mae = synthetic_curve(rng, SIZES**-1.0 + 30.0 * SIZES**-3.0, n_repeats=20, sigma=0.1)
    fit = lj.fit_power_law(n, mae)
    rng = np.random.default_rng(4)  # the same repeat noise around a straight line
    straight = lj.fit_power_law(*synthetic_curve(rng, SIZES**-1.4, n_repeats=20, sigma=0.1))
    assert straight.is_power_law is True
    assert fit.nu_ci[1] - fit.nu_ci[0] > 4 * (straight.nu_ci[1] - straight.nu_ci[0])


def test_exact_power_law_is_recovered():
    n = np.repeat([10, 20, 40, 80], 4)
    mae = 2.0 * n**-0.5 * np.tile([0.8, 1.0, 1.2, 1.1], 4)  # the same pattern at every size
    fit = lj.fit_power_law(n, mae)
    assert fit.nu == pytest.approx(-0.5)
    assert fit.is_power_law is True
    assert fit.nu_ci == pytest.approx((-0.5, -0.5))  # no repeat-to-repeat change of slope


def test_nu_bootstrap_matches_the_interval_and_pairs_repeats():
    rng = np.random.default_rng(5)
    n, mae = synthetic_curve(rng, 3.0 * SIZES**-1.2)
    a = lj.fit_power_law(n, mae)
    b = lj.fit_power_law(n, mae * 1.1)  # same repeats, everything 10% worse: same slope
    half = (a.nu_ci[1] - a.nu_ci[0]) / 2
    assert np.std(a.nu_bootstrap) * 1.959964 == pytest.approx(half, rel=1e-6)
    np.testing.assert_allclose(a.nu_bootstrap - b.nu_bootstrap, 0.0, atol=1e-12)


def test_local_slopes_of_a_power_law_are_its_exponent():
    n = np.repeat([10, 20, 40], 3)
    mae = 5.0 * n**-2.0 * np.tile([0.9, 1.0, 1.1], 3)
    slopes = lj.local_slopes(pd.DataFrame({"n_train": n, "repeat": 0, "mae": mae}))
    assert list(slopes.columns) == ["n_low", "n_high", "n_mid", "slope", "ci_low", "ci_high"]
    np.testing.assert_allclose(slopes["slope"], -2.0)
    np.testing.assert_allclose(slopes["n_mid"], [np.sqrt(200), np.sqrt(800)])


def test_local_slopes_follow_a_bend():
    n = np.repeat(SIZES, 3)
    mae = (SIZES**-1.0 + 30.0 * SIZES**-3.0).repeat(3) * np.tile([0.99, 1.0, 1.01], SIZES.size)
    slopes = lj.local_slopes(pd.DataFrame({"n_train": n, "mae": mae}))
    assert slopes["slope"].iloc[0] < -1.5
    assert slopes["slope"].iloc[-1] > -1.1


def test_plot_learning_curve_labels_only_major_ticks():
    import matplotlib.pyplot as plt

    X, y = lj.dimer_dataset()
    curve = lj.learning_curve(lj.LaplacianKernelRidge(), X, y, [5, 10, 20, 40], n_repeats=10)
    fig, ax = plt.subplots()
    lj.plot_learning_curve(ax, curve, "Laplacian")
    fig.canvas.draw()
    minor = [t.get_text() for t in ax.xaxis.get_minorticklabels() if t.get_text()]
    assert minor == []
    plt.close(fig)


def test_plot_local_slopes_labels_axes():
    import matplotlib.pyplot as plt

    n = np.repeat([10, 20, 40], 3)
    slopes = lj.local_slopes(pd.DataFrame({"n_train": n, "mae": 1.0 / n * np.tile([1, 2, 3], 3)}))
    fig, ax = plt.subplots()
    lj.plot_local_slopes(ax, slopes, "test")
    assert ax.get_xscale() == "log"
    assert ax.get_xlabel()
    assert ax.get_ylabel()
    plt.close(fig)


# -- exact leave-one-out --------------------------------------------------------


def brute_force_loo(make, X, y, **fit_kw):
    residuals = []
    for i in range(X.shape[0]):
        keep = np.arange(X.shape[0]) != i
        extra = {k: v[keep] for k, v in fit_kw.items()}
        model = make().fit(X[keep], y[keep], **extra)
        residuals.append(y[i] - model.predict(X[i : i + 1])[0])
    return np.mean(np.abs(residuals))


def random_dimers(n, seed):
    X, y = lj.dimer_dataset()
    idx = np.random.default_rng(seed).permutation(50)[:n]
    return X[idx], y[idx], lj.lennard_jones_force(X[idx, 0])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_loo_with_fitted_prior_equals_refits_without_the_point(seed):
    X, y, _ = random_dimers(12, seed)

    def make():
        return lj.GaussianKernelRidge(
            length_scale=0.3, alpha=1e-8, representation="1/r", prior=lj.InversePowerPrior()
        )

    assert make().fit(X, y).loo_mae_ == pytest.approx(brute_force_loo(make, X, y), rel=1e-6)


def test_loo_with_two_power_prior_equals_refits():
    X, y, _ = random_dimers(15, 3)

    def make():
        return lj.LaplacianKernelRidge(
            length_scale=0.5, alpha=1e-8, prior=lj.InversePowerPrior(powers=(12, 6))
        )

    assert make().fit(X, y).loo_mae_ == pytest.approx(brute_force_loo(make, X, y), rel=1e-6)


def test_loo_with_fixed_prior_equals_refits():
    X, y, _ = random_dimers(12, 4)

    def make():
        return lj.LaplacianKernelRidge(prior=lj.LinearWallPrior())

    assert make().fit(X, y).loo_mae_ == pytest.approx(brute_force_loo(make, X, y), rel=1e-6)


@pytest.mark.parametrize("seed", [0, 1])
def test_energy_force_loo_leaves_out_energy_and_force_of_a_configuration(seed):
    X, y, F = random_dimers(12, seed)

    def make():
        return lj.EnergyForceKernelRidge(
            length_scale=3.0, alpha_energy=1e-8, alpha_force=1e-8, representation="r^-6"
        )

    exact = make().fit(X, y, forces=F).loo_mae_
    assert exact == pytest.approx(brute_force_loo(make, X, y, forces=F), rel=1e-6)


def test_energy_force_loo_with_one_energy_scores_forces_left_out_one_at_a_time():
    X, y, F = random_dimers(12, 5)

    def make():
        return lj.EnergyForceKernelRidge(
            length_scale=3.0, alpha_energy=1e-10, alpha_force=1e-8, representation="r^-6",
            energies="one",
        )  # fmt: skip

    residuals = []
    for i in range(12):
        keep = np.arange(12) != i
        model = make().fit(X[:1], y[:1], X_force=X[keep], forces=F[keep])
        residuals.append(F[i] - model.predict_forces(X[i : i + 1])[0])
    exact = make().fit(X, y, forces=F).loo_mae_
    assert exact == pytest.approx(np.mean(np.abs(residuals)), rel=1e-6)


def test_pair_additive_loo_equals_refits():
    clusters = lj.random_clusters(30, 7, random_state=0)
    D = lj.pair_distance_table(clusters)
    E = np.array([lj.cluster_energy(c) for c in clusters])

    def make():
        return lj.PairAdditiveKernelRidge(length_scale=0.04, alpha=1e-6)

    assert make().fit(D, E).loo_mae_ == pytest.approx(brute_force_loo(make, D, E), rel=1e-6)


# -- pair-additive model: primal solve ------------------------------------------


@pytest.fixture(scope="module")
def lj7_set():
    clusters = lj.random_clusters(100, 7, random_state=0)
    clusters += lj.random_clusters(100, 7, kind="compact", random_state=0)
    D = lj.pair_distance_table(clusters)
    return D, np.array([lj.cluster_energy(c) for c in clusters])


def dual_fit(model, D, E):
    """The textbook dual solve, for a well-conditioned comparison."""
    phi = model.features(D)
    G = phi @ phi.T + model.alpha * np.eye(len(E))
    c = np.linalg.solve(G, E)
    return phi, G, c


def test_pair_additive_primal_equals_dual_when_well_conditioned(lj7_set):
    D, E = lj7_set
    model = lj.PairAdditiveKernelRidge(length_scale=0.04, alpha=1e-2).fit(D[:60], E[:60])
    phi, G, c = dual_fit(model, D[:60], E[:60])
    np.testing.assert_allclose(model.pair_weights_, phi.T @ c, rtol=1e-8, atol=1e-10)
    n = 60
    amplitude2 = E[:60] @ c / n
    log_ml = -0.5 * n * (np.log(2 * np.pi * amplitude2) + 1) - 0.5 * np.linalg.slogdet(G)[1]
    assert model.log_marginal_likelihood_ == pytest.approx(log_ml, rel=1e-9)
    phi_star = model.features(D[100:110])
    k_star = phi @ phi_star.T
    var = np.sum(phi_star**2, axis=1) - np.sum(k_star * np.linalg.solve(G, k_star), axis=0)
    _, std = model.predict(D[100:110], return_std=True)
    np.testing.assert_allclose(std, np.sqrt(amplitude2 * var), rtol=1e-6)


@pytest.mark.parametrize("alpha", [1e-10, 1e-8])
def test_pair_additive_fit_is_stable_under_row_permutation(lj7_set, alpha):
    D, E = lj7_set
    model = lj.PairAdditiveKernelRidge(length_scale=0.04, alpha=alpha)
    perm = np.random.default_rng(0).permutation(len(E))
    a = model.fit(D, E)
    w = a.pair_weights_.copy()
    pred = a.predict(D)
    b = lj.PairAdditiveKernelRidge(length_scale=0.04, alpha=alpha).fit(D[perm], E[perm])
    np.testing.assert_allclose(b.pair_weights_, w, rtol=1e-8, atol=1e-8 * np.abs(w).max())
    np.testing.assert_allclose(b.predict(D), pred, rtol=1e-8)
    assert b.loo_mae_ == pytest.approx(a.loo_mae_, rel=1e-8)


@pytest.mark.parametrize("alpha", [1e-10, 1e-8])
def test_pair_additive_fit_is_stable_under_tiny_input_perturbation(lj7_set, alpha):
    D, E = lj7_set
    rng = np.random.default_rng(1)
    a = lj.PairAdditiveKernelRidge(length_scale=0.04, alpha=alpha).fit(D, E)
    D2 = D * (1 + 1e-13 * rng.standard_normal(D.shape))
    E2 = E * (1 + 1e-13 * rng.standard_normal(E.shape))
    b = lj.PairAdditiveKernelRidge(length_scale=0.04, alpha=alpha).fit(D2, E2)
    # The weights along directions Phi hardly sees are fixed by alpha alone: at alpha = 1e-10
    # they move by 2e-8 of the largest weight; energies and the pair potential far less.
    w = a.pair_weights_
    np.testing.assert_allclose(b.pair_weights_, w, rtol=0, atol=1e-6 * np.abs(w).max())
    np.testing.assert_allclose(b.predict(D), a.predict(D), rtol=1e-10)
    r = np.linspace(0.85, 2.5, 50)
    np.testing.assert_allclose(b.pair_potential(r), a.pair_potential(r), rtol=0, atol=1e-9)


def test_pair_additive_return_std_is_small_on_training_data_and_positive(lj7_set):
    D, E = lj7_set
    model = lj.PairAdditiveKernelRidge(length_scale=0.04, alpha=1e-8).fit(D[:100], E[:100])
    mean, std = model.predict(D[100:], return_std=True)
    np.testing.assert_allclose(mean, model.predict(D[100:]))
    assert np.all(np.isfinite(std))
    assert np.all(std >= 0)


# -- grid search --------------------------------------------------------------


class FixedScore(lj.LaplacianKernelRidge):
    """A model whose LOO score is set by hand (module level, so it clones)."""

    SCORES = {}

    def _solve(self, *args):
        super()._solve(*args)
        self.loo_mae_ = self.SCORES[(self.alpha, self.length_scale)]
        return self


def test_grid_search_near_ties_go_to_larger_alpha():
    X, y = lj.dimer_dataset(n_points=10)
    FixedScore.SCORES = {(1e-10, 0.1): 1.0, (1e-6, 0.1): 1.0 + 5e-4, (1e-8, 0.1): 1.2}
    grid = {"alpha": [1e-10, 1e-8, 1e-6], "length_scale": [0.1]}
    search = lj.KernelGridSearch(FixedScore(), grid).fit(X, y)
    assert search.best_params_ == {"alpha": 1e-6, "length_scale": 0.1}
    assert search.n_ties_ == 2
    strict = lj.KernelGridSearch(FixedScore(), grid, tie_rtol=0.0).fit(X, y)
    assert strict.best_params_["alpha"] == 1e-10


def test_grid_search_ties_in_alpha_go_to_larger_length_scale():
    X, y = lj.dimer_dataset(n_points=10)
    FixedScore.SCORES = {(1e-8, 0.1): 1.0, (1e-8, 0.3): 1.0, (1e-8, 0.2): 2.0}
    grid = {"alpha": [1e-8], "length_scale": [0.1, 0.2, 0.3]}
    assert lj.KernelGridSearch(FixedScore(), grid).fit(X, y).best_params_["length_scale"] == 0.3


def test_grid_search_list_of_dicts_reports_the_best_points_own_params():
    X, y = lj.dimer_dataset(n_points=20)
    grid = [
        {"length_scale": [0.02], "alpha": [1e-2]},
        {"representation": ["1/r"], "length_scale": [0.3, 1.0], "alpha": [1e-10]},
    ]
    search = lj.KernelGridSearch(lj.GaussianKernelRidge(), grid).fit(X, y)
    params = search.best_estimator_.get_params()
    assert search.best_params_ == {k: params[k] for k in search.best_params_}
    assert "representation" in search.best_params_


def test_grid_search_reports_parameters_at_grid_edge():
    X, y = lj.dimer_dataset(n_points=20)
    FixedScore.SCORES = {(a, s): a + s for a in [1e-10, 1e-8] for s in [0.1, 0.2, 0.3]}
    FixedScore.SCORES[(1e-10, 0.2)] = 0.0
    grid = {"alpha": [1e-10, 1e-8], "length_scale": [0.1, 0.2, 0.3]}
    search = lj.KernelGridSearch(FixedScore(), grid, tie_rtol=0.0).fit(X, y)
    assert search.at_grid_edge_ == ["alpha"]


def test_grid_search_fixes_alpha_energy_when_loo_scores_forces_only():
    X, y, F = random_dimers(15, 0)
    model = lj.EnergyForceKernelRidge(representation="r^-6", energies="one")
    grid = {"length_scale": [1.0, 3.0], "alpha_energy": [1e-12, 1e-10], "alpha_force": [1e-10]}
    search = lj.KernelGridSearch(model, grid).fit(X, y, forces=F)
    assert search.best_params_["alpha_energy"] == 1e-10
    assert "alpha_energy" not in search.at_grid_edge_


def test_grid_search_rejects_estimator_without_loo_score():
    from sklearn.linear_model import Ridge

    X, y = lj.dimer_dataset(n_points=10)
    with pytest.raises(TypeError, match="GridSearchCV"):
        lj.KernelGridSearch(Ridge(), {"alpha": [1.0]}).fit(X, y)


# -- issue 20, section 5: thin SVD and chunked learning curves -------------------


@pytest.mark.parametrize("n_basis", [30, 400], ids=["more clusters", "more basis"])
def test_pair_model_thin_svd_matches_the_dual_gaussian_process(n_basis):
    clusters = lj.random_clusters(60, 7, random_state=3)
    D = lj.pair_distance_table(clusters)
    E = np.array([lj.cluster_energy(c) for c in clusters])
    alpha = 1e-2  # well conditioned, so that the direct formulas below are accurate
    model = lj.PairAdditiveKernelRidge(n_basis=n_basis, length_scale=0.05, alpha=alpha)
    model.fit(D[:40], E[:40])
    phi, phi_test = model.features(D[:40]), model.features(D[40:])
    G = phi @ phi.T + alpha * np.eye(40)
    coef = np.linalg.solve(G, E[:40])
    np.testing.assert_allclose(model.predict(D[40:]), phi_test @ phi.T @ coef, rtol=1e-9)
    amplitude2 = E[:40] @ coef / 40
    assert model.amplitude_ == pytest.approx(np.sqrt(amplitude2), rel=1e-9)
    logdet = np.linalg.slogdet(G)[1]
    log_ml = -0.5 * 40 * (np.log(2 * np.pi * amplitude2) + 1) - 0.5 * logdet
    assert model.log_marginal_likelihood_ == pytest.approx(log_ml, rel=1e-9)
    G_inv = np.linalg.inv(G)
    assert model.loo_mae_ == pytest.approx(np.mean(np.abs(coef / np.diag(G_inv))), rel=1e-7)
    # Weight space: variance = alpha phi*^T (Phi^T Phi + alpha I)^-1 phi*.
    A = phi.T @ phi + alpha * np.eye(n_basis)
    variance = alpha * np.einsum("ij,ji->i", phi_test, np.linalg.solve(A, phi_test.T))
    std = model.predict(D[40:], return_std=True)[1]
    np.testing.assert_allclose(std, model.amplitude_ * np.sqrt(variance), rtol=1e-7)


def test_learning_curve_in_chunks_gives_bitwise_the_same_numbers(monkeypatch):
    X, y = lj.dimer_dataset()
    model = lj.GaussianKernelRidge(length_scale=0.3, alpha=1e-8)
    whole = lj.learning_curve(model, X, y, [5, 20, 40], n_repeats=40)
    monkeypatch.setattr(lj, "_MAX_ELEMENTS", 3 * 50 * 100)  # three repeats per chunk
    chunked = lj.learning_curve(model, X, y, [5, 20, 40], n_repeats=40)
    pd.testing.assert_frame_equal(whole, chunked, check_exact=True)
