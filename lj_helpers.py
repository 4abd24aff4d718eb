"""Helpers for the teaching series *Kernel learning of a Lennard-Jones potential*.

The module reads in the order of the series: one section per notebook, in
the notebooks' order, each helper beside the first notebook that needs it.
The input checks and the machinery that makes learning curves fast (one
stacked Cholesky factorisation for all training sets) sit in two final
"Internals" sections, so the model code reads straight through. Reduced
units throughout: energies in units of epsilon, distances in units of sigma.
Model inputs ``X`` are arrays of shape ``(n_samples, 1)`` holding interatomic
distances, as scikit-learn expects.

Which notebook uses which names
-------------------------------
01 data
    :func:`lennard_jones`, :func:`lennard_jones_force`, :func:`dimer_dataset`,
    :func:`outside_training_range`, :func:`random_orderings` (also 02-05 and 08)
02 kernel fitting
    :class:`LaplacianKernelRidge` (and its ``gram_matrix``),
    :class:`GaussianKernelRidge`, :func:`laplacian_kernel`, :func:`gaussian_kernel`
03 where the error comes from
    the same models, fitted on the 2000 splits of :func:`random_orderings`
04 learning curves
    :func:`learning_curve`, :func:`fit_power_law`, :class:`PowerLawFit`,
    :func:`local_slopes`, :func:`plot_learning_curve`, :func:`plot_local_slopes`,
    :func:`log_axis_ticks`
05 priors
    :class:`LinearWallPrior`, :class:`InversePowerPrior`
06 hyperparameters and uncertainty
    ``predict(X, return_std=True)``, :class:`KernelGridSearch`,
    :class:`NotPositiveDefiniteError`
07 representations and priors
    :data:`REPRESENTATIONS`, :func:`model_zoo`
08 learning with forces
    :class:`EnergyForceKernelRidge` (and its ``kernel_blocks``), :class:`KernelBlocks`
09 clusters and pair potentials
    :func:`cluster_energy`, :func:`cluster_forces`, :func:`lj_cluster_minimum`,
    :func:`random_clusters`, :func:`pair_distance_table`,
    :class:`PairAdditiveKernelRidge` (and its ``energy_and_forces``)
10 the learned potential at work
    :class:`KernelCalculator`

Sizes the helpers are for
-------------------------
Teaching sizes: every model works with dense matrices, so its memory grows
with the square of the training set. The dimer models fit up to a few
thousand training points (a kernel matrix of ``n_train^2`` floats, at most
``_MAX_ELEMENTS`` = 5e7 of them, 400 MB), :func:`learning_curve` solves its
repeats in chunks of at most that many kernel entries, and
:class:`PairAdditiveKernelRidge` handles hundreds to a few thousand clusters
with up to a few thousand basis functions. Larger requests raise a
``ValueError`` with the memory they would need, instead of exhausting it.

References
----------
.. [RW2006] C. E. Rasmussen and C. K. I. Williams, *Gaussian Processes for
   Machine Learning*, MIT Press (2006): Algorithm 2.1 (prediction and
   marginal likelihood), section 5.4.2 (leave-one-out), section 9.4
   (derivative observations).
.. [R2015] R. Ramakrishnan, P. O. Dral, M. Rupp and O. A. von Lilienfeld,
   "Big data meets quantum chemistry approximations: the Delta-machine
   learning approach", J. Chem. Theory Comput. 11, 2087 (2015): delta learning,
   the prior of :class:`LinearWallPrior` and :class:`InversePowerPrior`.
.. [Seed] "Kernel learning of a Lennard-Jones potential", blog post (2023; the
   copy the series started from names no author): the data set, the
   Laplacian model with ``length_scale=0.1, alpha=1e-9``, the 500-split
   learning curve and the linear wall prior.
.. [ET1993] B. Efron and R. J. Tibshirani, *An Introduction to the Bootstrap*,
   Chapman & Hall (1993): the jackknife and bootstrap of :func:`fit_power_law`.
.. [F1980] J. Feder, "Random sequential adsorption", J. Theor. Biol. 87, 237
   (1980): random sequential placement jams, the limit that
   :func:`random_clusters` checks.
.. [WS1946] B. L. Welch, "The generalization of 'Student's' problem when
   several different population variances are involved", Biometrika 34, 28
   (1947); F. E. Satterthwaite, "An approximate distribution of estimates of
   variance components", Biometrics Bulletin 2, 110 (1946): the degrees of
   freedom of a sum of variances in :func:`fit_power_law`.
"""

from __future__ import annotations

import collections.abc
import functools
import itertools
import numbers
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd
from ase.calculators.calculator import Calculator, all_changes
from matplotlib.ticker import FixedLocator, FuncFormatter, LogLocator, NullFormatter
from scipy import sparse, stats
from scipy.linalg import LinAlgError, cho_solve, solve_triangular
from scipy.optimize import minimize
from scipy.spatial.distance import cdist, pdist
from sklearn.base import BaseEstimator, RegressorMixin, clone
from sklearn.model_selection import ParameterGrid
from sklearn.utils import get_tags
from sklearn.utils.validation import (
    check_array,
    check_consistent_length,
    check_is_fitted,
    check_scalar,
    check_X_y,
    validate_data,
)

__all__ = [
    "REPRESENTATIONS",
    "EnergyForceKernelRidge",
    "GaussianKernelRidge",
    "InversePowerPrior",
    "KernelBlocks",
    "KernelCalculator",
    "KernelGridSearch",
    "LaplacianKernelRidge",
    "LinearWallPrior",
    "NotPositiveDefiniteError",
    "PairAdditiveKernelRidge",
    "PowerLawFit",
    "cluster_energy",
    "cluster_forces",
    "dimer_dataset",
    "fit_power_law",
    "gaussian_kernel",
    "laplacian_kernel",
    "learning_curve",
    "local_slopes",
    "model_zoo",
    "lennard_jones",
    "lennard_jones_force",
    "lj_cluster_minimum",
    "log_axis_ticks",
    "outside_training_range",
    "pair_distance_table",
    "plot_learning_curve",
    "plot_local_slopes",
    "random_clusters",
    "random_orderings",
]


# ---------------------------------------------------------------------------
# 01 Data: the Lennard-Jones dimer and random splits
# ---------------------------------------------------------------------------


def lennard_jones(r, *, epsilon=1.0, sigma=1.0):
    """Lennard-Jones pair energy ``4 epsilon ((sigma/r)^12 - (sigma/r)^6)``.

    Parameters
    ----------
    r : array_like
        Interatomic distances, strictly positive.
    epsilon : float, default=1.0
        Well depth, > 0.
    sigma : float, default=1.0
        Distance at which the energy is zero, > 0.

    Returns
    -------
    ndarray
        Energies, same shape as ``r``; ``+inf`` where ``(sigma/r)^6`` overflows.

    See Also
    --------
    ase.calculators.lj.LennardJones : the same potential as an ASE calculator.

    Examples
    --------
    >>> float(lennard_jones(1.0)), round(float(lennard_jones(2 ** (1 / 6))), 12)
    (0.0, -1.0)
    """
    _check_lj_params(epsilon, sigma)
    with np.errstate(over="ignore", invalid="ignore"):
        s6 = (sigma / _as_distances(r)) ** 6
        return _repulsion_wins(s6, 4.0 * epsilon * (s6 * s6 - s6))


def lennard_jones_force(r, *, epsilon=1.0, sigma=1.0):
    """Lennard-Jones force ``-dU/dr = 24 epsilon (2 (sigma/r)^12 - (sigma/r)^6) / r``.

    Positive values push the two atoms apart (repulsion).

    Parameters
    ----------
    r : array_like
        Interatomic distances, strictly positive.
    epsilon : float, default=1.0
        Well depth, > 0.
    sigma : float, default=1.0
        Distance at which the energy is zero, > 0.

    Returns
    -------
    ndarray
        Forces, same shape as ``r``; ``+inf`` where ``(sigma/r)^6`` overflows.

    Examples
    --------
    >>> abs(float(lennard_jones_force(2 ** (1 / 6)))) < 1e-12  # zero at the minimum
    True
    """
    _check_lj_params(epsilon, sigma)
    r = _as_distances(r)
    with np.errstate(over="ignore", invalid="ignore"):
        s6 = (sigma / r) ** 6
        return _repulsion_wins(s6, 24.0 * epsilon * (2.0 * s6 * s6 - s6) / r)


def _repulsion_wins(s6, value):
    """Set ``value`` to ``+inf`` where ``s6 = (sigma/r)^6`` overflowed (there inf - inf is NaN)."""
    value = np.where(np.isinf(s6) | np.isnan(value), np.inf, value)
    return value if value.ndim else value[()]


def dimer_dataset(n_points=50, *, r_min=0.9, r_max=2.0):
    """Return the seed's data: ``n_points`` evenly spaced distances and their LJ energies.

    Parameters
    ----------
    n_points : int, default=50
        Number of distances, >= 2.
    r_min, r_max : float, default=0.9, 2.0
        Range of distances, ``0 < r_min < r_max``, in units of sigma.

    Returns
    -------
    X : ndarray of shape (n_points, 1)
        Distances, ready for scikit-learn.
    y : ndarray of shape (n_points,)
        Energies in units of epsilon.

    Examples
    --------
    >>> X, y = dimer_dataset()
    >>> X.shape, y.shape
    ((50, 1), (50,))
    """
    n_points = _check_int(n_points, "n_points", min_val=2)
    _check_work(n_points, f"n_points={n_points}", "use fewer points")
    _check_real(r_min, "r_min", min_val=0)
    _check_real(r_max, "r_max", min_val=0)
    if not r_min < r_max:
        raise ValueError(f"need r_min < r_max, got r_min={r_min}, r_max={r_max}.")
    r = np.linspace(r_min, r_max, n_points)
    return r.reshape(-1, 1), lennard_jones(r)


def outside_training_range(X_train, X_test):
    """Mark the test points that lie outside ``[min(X_train), max(X_train)]``.

    Predicting there is extrapolation: no training point lies beyond them.

    Parameters
    ----------
    X_train : array_like of shape (n_train, 1)
        Training distances.
    X_test : array_like of shape (n_test, 1)
        Test distances.

    Returns
    -------
    ndarray of bool, shape (n_test, 1)

    Examples
    --------
    >>> outside_training_range([[1.0], [2.0]], [[0.9], [1.5], [2.5]]).ravel().tolist()
    [True, False, True]
    """
    X_train = _check_distance_matrix(X_train, "X_train")
    X_test = _check_distance_matrix(X_test, "X_test")
    return (X_test < X_train.min()) | (X_test > X_train.max())


def random_orderings(n_samples, n_repeats, *, random_state=0):
    """Seeded random orderings of ``n_samples`` points, one row per repeat.

    The training set of size N of repeat ``i`` is ``order[i, :N]`` and its
    test set the rest, ``order[i, N:]``. :func:`learning_curve` draws its
    splits with exactly this function, so a notebook that uses the same
    ``random_state`` sees the same splits.

    Parameters
    ----------
    n_samples : int
        Number of points to order.
    n_repeats : int
        Number of orderings (rows).
    random_state : int, default=0
        Seed; the same seed gives the same orderings on every machine.

    Returns
    -------
    ndarray of shape (n_repeats, n_samples)
        Each row a permutation of ``range(n_samples)``.

    Examples
    --------
    >>> order = random_orderings(50, 2000, random_state=0)
    >>> train, test = order[0, :25], order[0, 25:]
    >>> sorted(set(train) | set(test)) == list(range(50))
    True
    """
    n_samples = _check_int(n_samples, "n_samples", min_val=1)
    n_repeats = _check_int(n_repeats, "n_repeats", min_val=1)
    _check_work(n_samples * n_repeats, f"{n_repeats} orderings of {n_samples} points",
                "use fewer repeats")  # fmt: skip
    rng = np.random.default_rng(_check_seed(random_state))
    return rng.permuted(np.tile(np.arange(n_samples), (n_repeats, 1)), axis=1)


# ---------------------------------------------------------------------------
# 02 Kernels and kernel models
# ---------------------------------------------------------------------------


#: Functions that map distances to the feature the kernel sees.
#: ``"r"`` is the distance itself, ``"1/r"`` its inverse, ``"r^-6"`` the
#: dispersion term of the LJ potential.
REPRESENTATIONS = {
    "r": lambda r: r,
    "1/r": lambda r: 1.0 / r,
    "r^-6": lambda r: r**-6.0,
}


# d(feature)/dr of each representation, for models that learn forces (chain rule).
_REPRESENTATION_SLOPES = {
    "r": lambda r: np.ones_like(r),
    "1/r": lambda r: -1.0 / r**2,
    "r^-6": lambda r: -6.0 * r**-7.0,
}


def laplacian_kernel(A, B, length_scale):
    """Laplacian (exponential, Matern-1/2) kernel ``exp(-|a - b|_1 / length_scale)``.

    In one dimension the city-block and Euclidean distances coincide.

    Parameters
    ----------
    A : array_like of shape (n_a, n_features)
    B : array_like of shape (n_b, n_features)
        Points to compare.
    length_scale : float
        Kernel length scale, > 0.

    Returns
    -------
    ndarray of shape (n_a, n_b)

    See Also
    --------
    sklearn.metrics.pairwise.laplacian_kernel : the same with ``gamma = 1 / length_scale``.
    sklearn.gaussian_process.kernels.Matern : with ``nu=0.5``, the same kernel.

    Examples
    --------
    >>> laplacian_kernel([[1.0], [1.1]], [[1.0]], 0.1).round(4).ravel().tolist()
    [1.0, 0.3679]
    """
    A, B = _check_kernel_inputs(A, B, length_scale)
    return np.exp(-cdist(A, B, "cityblock") / length_scale)


def gaussian_kernel(A, B, length_scale):
    """Gaussian (RBF, squared-exponential) kernel ``exp(-|a - b|^2 / (2 length_scale^2))``.

    Parameters
    ----------
    A : array_like of shape (n_a, n_features)
    B : array_like of shape (n_b, n_features)
        Points to compare.
    length_scale : float
        Kernel length scale, > 0.

    Returns
    -------
    ndarray of shape (n_a, n_b)

    See Also
    --------
    sklearn.gaussian_process.kernels.RBF : the same kernel.
    sklearn.metrics.pairwise.rbf_kernel : the same with ``gamma = 1 / (2 length_scale^2)``.

    Examples
    --------
    >>> gaussian_kernel([[1.0], [1.1]], [[1.0]], 0.1).round(4).ravel().tolist()
    [1.0, 0.6065]
    """
    A, B = _check_kernel_inputs(A, B, length_scale)
    return _bump(cdist(A, B, "sqeuclidean"), length_scale)


def _bump(squared_distance, length_scale):
    """Return the Gaussian ``exp(-d^2 / (2 length_scale^2))`` of squared distances ``d^2``."""
    return np.exp(-squared_distance / (2.0 * length_scale**2))


class NotPositiveDefiniteError(ValueError):
    """A kernel matrix plus its ridge term is not positive definite to machine precision.

    Raised by ``fit`` when the linear system is numerically singular; raising
    ``alpha`` fixes it. :class:`KernelGridSearch` skips grid points that raise it.

    Examples
    --------
    >>> X = [[1.0], [1.0]]
    >>> try:
    ...     GaussianKernelRidge(alpha=0.0).fit(X, [0.0, 0.0])
    ... except NotPositiveDefiniteError as error:
    ...     print("Raise alpha" in str(error))
    True
    """


def _keeps_old_fit_on_error(fit):
    """Decorate ``fit`` so that a fit that raises leaves the estimator as it was.

    A refit on bad input must not leave a half-updated model behind (say, a
    new ``n_features_in_`` beside the old weights): the attributes from
    before the call are restored, and the error propagates.
    """

    @functools.wraps(fit)
    def wrapper(self, *args, **kwargs):
        saved = dict(self.__dict__)
        try:
            return fit(self, *args, **kwargs)
        except BaseException:
            self.__dict__.clear()
            self.__dict__.update(saved)
            raise

    return wrapper


class _FitParamsMixin:
    """Parameters kept with the fit: predicting after ``set_params`` asks for a refit.

    ``fit`` records the parameters it used; a prediction made after
    ``set_params`` changed one of them would mix the old fitted state with the
    new value, so it raises ``ValueError`` with a refit message instead.
    """

    def _remember_fit_params(self):
        self._fit_params = self.get_params(deep=False)

    def _check_fit_current(self):
        """Raise NotFittedError before fit, and ValueError when parameters changed since fit."""
        check_is_fitted(self)
        current = self.get_params(deep=False)
        changed = [
            name
            for name, value in self._fit_params.items()
            if not _same_value(current[name], value)
        ]
        if changed:
            raise ValueError(
                f"{', '.join(changed)} changed after fit (set_params), but the fitted state "
                "belongs to the old value; call fit again before predicting."
            )


class _GaussianProcessMixin(_FitParamsMixin):
    """What every kernel model of the package shares (the Gaussian-process view).

    - the input tags (strictly positive distances);
    - the parameters kept with the fit (:class:`_FitParamsMixin`);
    - the hook that :class:`KernelGridSearch` calls: :meth:`fit_candidates`,
      :meth:`search_blind_params` and ``regularisation_params``.
    """

    #: Parameters ordered from the strongest regulariser down: ties in a search go to
    #: the largest values, in this order.
    regularisation_params = ("alpha", "length_scale")

    def fit_candidates(self, X, y, candidates, **fit_params):
        """Fit one clone per parameter setting; :class:`KernelGridSearch` calls this.

        Parameters
        ----------
        X, y : array_like
            Training data, as ``fit`` takes them.
        candidates : iterable of dict
            Parameter settings (``set_params`` keywords), one per grid point.
        **fit_params
            Passed to every ``fit``.

        Yields
        ------
        estimator or None
            The fitted clone for each setting, in order; None where its kernel
            matrix is not positive definite (:class:`NotPositiveDefiniteError`).
        """
        for params in candidates:
            try:
                yield clone(self).set_params(**params).fit(X, y, **fit_params)
            except NotPositiveDefiniteError:
                yield None

    def search_blind_params(self, criterion):
        """Names of parameters that ``criterion`` cannot tell apart (see KernelGridSearch).

        Parameters
        ----------
        criterion : {"loo", "marginal_likelihood"}
            The search's criterion.

        Returns
        -------
        set of str
        """
        return set()

    def __sklearn_tags__(self):
        """Declare the input domain (strictly positive distances) to scikit-learn's checks."""
        tags = super().__sklearn_tags__()
        tags.input_tags.positive_only = True
        return tags


class _KernelRidge(_GaussianProcessMixin, RegressorMixin, BaseEstimator):
    """Kernel ridge regression on interatomic distances (shared by the two kernels).

    Subclasses set ``_kernel``, a function ``(A, B, length_scale) -> K``. The
    solve is Rasmussen & Williams (2006), Algorithm 2.1, written out with
    ``numpy.linalg.cholesky`` and ``scipy.linalg.cho_solve`` (the lesson; see
    also ``scipy.linalg.cho_factor``);
    ``sklearn.kernel_ridge.KernelRidge`` and
    ``sklearn.gaussian_process.GaussianProcessRegressor`` do the same.
    """

    _kernel = None

    def __init__(self, *, length_scale=0.1, alpha=1e-9, prior=None, representation="r"):
        self.length_scale = length_scale
        self.alpha = alpha
        self.prior = prior
        self.representation = representation

    # -- helpers shared by fit, predict, the grid search and the learning curve --
    def _check_params(self):
        _check_length_scale(self.length_scale)
        _check_positive_real(self.alpha, "alpha", allow_zero=True)
        _check_representation(self.representation)
        _check_prior(self.prior)

    def gram_matrix(self, A, B):
        """Kernel matrix ``K[i, j] = k(a_i, b_j)`` between two sets of distances.

        Parameters
        ----------
        A : array_like of shape (n_a, 1)
        B : array_like of shape (n_b, 1)
            Distances; the kernel compares their features in ``representation``.

        Returns
        -------
        ndarray of shape (n_a, n_b)

        Examples
        --------
        >>> LaplacianKernelRidge(length_scale=0.1).gram_matrix([[1.0], [1.1]], [[1.0]]).round(4)
        array([[1.    ],
               [0.3679]])
        """
        self._check_params()
        features = []
        for Z, name in ((A, "A"), (B, "B")):
            _check_array_like(Z, name)
            Z = check_array(Z, dtype=float, input_name=name, ensure_min_samples=0)
            self._check_domain(Z, name)
            features.append(_represent(Z, self.representation, name))
        return type(self)._kernel(*features, self.length_scale)

    def _prior_values(self, prior, X):
        if prior is None:
            return np.zeros(X.shape[0])
        return _check_prior_output(prior.predict(X), X.shape[0])

    def _check_domain(self, X, name="X"):
        """Raise unless every input is one strictly positive, finite distance per row."""
        _check_distance_matrix(X, name, allow_empty=True)

    # -- scikit-learn API ----------------------------------------------------
    @_keeps_old_fit_on_error
    def fit(self, X, y):
        """Fit the weights: solve ``(K + alpha I) c = y - prior(X)`` by Cholesky.

        Parameters
        ----------
        X : array_like of shape (n_samples, 1)
            Training distances.
        y : array_like of shape (n_samples,)
            Training energies.

        Returns
        -------
        self
        """
        return self._solve(*self._prepare(X, y))

    def _prepare(self, X, y):
        """Validate the training arrays, fit the prior, and refit it without each point."""
        self._check_params()
        _check_array_like(X, "X")
        X, y = validate_data(self, X, _check_targets(y, "y"), dtype=float, y_numeric=True)
        self._check_domain(X)
        _represent(X, self.representation, "X")
        _check_two_samples(X)
        _check_work(X.shape[0] ** 2, f"the kernel matrix of {X.shape[0]} training points")
        prior = None if self.prior is None else clone(self.prior, safe=False).fit(X, y)
        return X, y, prior, _prior_loo_values(prior, X, y)

    def _solve(self, X, y, prior, prior_loo):
        """Weights, Cholesky factor and self-assessment for validated arrays."""
        if self.alpha == 0 and np.unique(X, axis=0).shape[0] < X.shape[0]:
            raise NotPositiveDefiniteError(
                "X has duplicated points and alpha=0, so the kernel matrix is singular. "
                "Raise alpha (e.g. to 1e-8) or remove the duplicates."
            )
        self.prior_ = prior
        # Rasmussen & Williams (2006), Algorithm 2.1, line 2: L = cholesky(K + alpha I).
        L = _cholesky(self.gram_matrix(X, X) + self.alpha * np.eye(X.shape[0]))
        # Delta learning (Ramakrishnan et al. 2015): the kernel learns y - prior(X).
        target = _check_targets(y - self._prior_values(prior, X), "y - prior(X)")
        # Algorithm 2.1, line 3: c = L^T \ (L \ t), the weights (alpha in R&W's notation).
        self.dual_coef_ = cho_solve((L, True), target)
        self.X_fit_ = X
        self.cholesky_ = L
        self.amplitude_, self.log_marginal_likelihood_ = _evidence(
            target, target @ self.dual_coef_, np.log(np.diag(L)).sum()
        )
        # Exact leave-one-out: with a learned prior, the prior is refitted without the point too.
        targets = None if prior_loo is None else y[:, None] - prior_loo
        self.loo_mae_ = _mean_abs(_loo_residuals(L, self.dual_coef_, targets=targets))
        self._remember_fit_params()
        return self

    def fit_candidates(self, X, y, candidates, **fit_params):
        """Fit one clone per parameter setting, validating the data and fitting the prior once.

        The grid search's fast path: unless a setting changes the prior (or
        ``fit_params`` are given), the data are checked and the prior (with
        its leave-one-out refits) is fitted once for all settings. See
        :meth:`_GaussianProcessMixin.fit_candidates` for the contract.

        Parameters
        ----------
        X, y : array_like
            Training data.
        candidates : iterable of dict
            Parameter settings, one per grid point.
        **fit_params
            Passed to every ``fit`` (then there is no shared work).

        Yields
        ------
        estimator or None
            The fitted clone for each setting; None where it is not positive definite.
        """
        candidates = list(candidates)
        if fit_params or any("prior" in params for params in candidates):
            yield from super().fit_candidates(X, y, candidates, **fit_params)
            return
        prepared = clone(self)
        shared = prepared._prepare(X, y)
        for params in candidates:
            model = clone(self).set_params(**params)
            model._check_params()
            _copy_input_info(prepared, model)
            try:
                yield model._solve(*shared)
            except NotPositiveDefiniteError:
                yield None

    def predict(self, X, return_std=False):
        """Predict energies at distances ``X`` of shape (n_samples, 1).

        Parameters
        ----------
        X : array_like of shape (n_samples, 1)
            Distances.
        return_std : bool, default=False
            Also return the Gaussian-process posterior standard deviation of the
            noise-free energy, ``amplitude_ * sqrt(1 - k*^T (K + alpha I)^-1 k*)``.

        Returns
        -------
        ndarray of shape (n_samples,), or a tuple (mean, std) of two

        Examples
        --------
        >>> X, y = dimer_dataset()
        >>> model = GaussianKernelRidge(length_scale=0.3, alpha=1e-8).fit(X[::2], y[::2])
        >>> mean, std = model.predict(X[1::2], return_std=True)
        >>> bool(np.all(std < 0.1))
        True
        """
        self._check_fit_current()
        _check_array_like(X, "X")
        X = validate_data(self, X, reset=False, dtype=float)
        self._check_domain(X)
        _represent(X, self.representation, "X")
        K_star = self.gram_matrix(X, self.X_fit_)
        # Algorithm 2.1, line 4: mean = k*^T c (plus the prior, delta learning).
        mean = K_star @ self.dual_coef_ + self._prior_values(self.prior_, X)
        if not return_std:
            return mean
        return mean, _posterior_std(self.amplitude_, self.cholesky_, K_star)

    def _prefix_predictions(self, X, y, order, counts, X_test=None):
        """Batched predictions for :func:`learning_curve` (see ``_batched_prefix_predictions``)."""
        return _batched_prefix_predictions(self, X, y, order, counts, X_test)


class LaplacianKernelRidge(_KernelRidge):
    """Kernel ridge regression with the Laplacian kernel ``exp(-|r - r'| / length_scale)``.

    This is the seed blog post's model (which it calls "Gaussian"): with
    ``length_scale=0.1`` and ``alpha=1e-9`` it reproduces the seed exactly.

    Parameters
    ----------
    length_scale : float, default=0.1
        Kernel length scale, in units of sigma (of the representation).
    alpha : float, default=1e-9
        Ridge term added to the kernel diagonal (the seed's "regularization").
    prior : estimator or None, default=None
        Baseline energy model with ``fit(X, y)`` and ``predict(X)``, such as
        :class:`LinearWallPrior` or :class:`InversePowerPrior`. It is cloned and
        fitted on each training set; the model learns ``y - prior.predict(X)``
        and adds the prior back when predicting (delta learning).
    representation : {"r", "1/r", "r^-6"}, default="r"
        Feature of the distance that the kernel compares (see ``REPRESENTATIONS``).

    Attributes
    ----------
    dual_coef_ : ndarray of shape (n_train,)
        Weights ``c`` of the kernel expansion ``f(x) = sum_i c_i k(x, x_i)``.
    X_fit_ : ndarray of shape (n_train, 1)
        Training distances.
    prior_ : estimator or None
        The fitted clone of ``prior``.
    cholesky_ : ndarray of shape (n_train, n_train)
        Lower Cholesky factor of ``K + alpha I``.
    amplitude_ : float
        Gaussian-process signal amplitude that maximises the marginal likelihood.
    log_marginal_likelihood_ : float
        Log marginal likelihood of the training energies (notebook 06).
    loo_mae_ : float
        Exact leave-one-out mean absolute error on the training set: each
        point predicted by the model refitted without it, the prior refitted
        too (Rasmussen & Williams 2006, eq. 5.12; infinite when a learned
        prior cannot be refitted without some point).

    See Also
    --------
    sklearn.kernel_ridge.KernelRidge : ``kernel="laplacian"``, ``gamma=1/length_scale``.
    GaussianKernelRidge : the smooth kernel.

    Examples
    --------
    >>> X, y = dimer_dataset()
    >>> model = LaplacianKernelRidge().fit(X[::2], y[::2])
    >>> model.predict(X[1::2]).shape
    (25,)
    """

    _kernel = staticmethod(laplacian_kernel)


class GaussianKernelRidge(_KernelRidge):
    """Kernel ridge regression with the Gaussian kernel ``exp(-|r - r'|^2 / (2 length_scale^2))``.

    Parameters and attributes as in :class:`LaplacianKernelRidge`. The Gaussian
    kernel is smooth, so its predictions are too, but its kernel matrix is badly
    conditioned: small ``alpha`` with large ``length_scale`` makes Cholesky fail.

    Parameters
    ----------
    length_scale : float, default=0.1
        Kernel length scale, in units of the representation.
    alpha : float, default=1e-9
        Ridge term added to the kernel diagonal.
    prior : estimator or None, default=None
        Baseline energy model (delta learning), see :class:`LaplacianKernelRidge`.
    representation : {"r", "1/r", "r^-6"}, default="r"
        Feature of the distance that the kernel compares.

    See Also
    --------
    sklearn.gaussian_process.GaussianProcessRegressor : with ``RBF`` plus ``WhiteKernel``.

    Examples
    --------
    >>> X, y = dimer_dataset()
    >>> model = GaussianKernelRidge(length_scale=0.3, alpha=1e-8).fit(X[::2], y[::2])
    >>> bool(model.loo_mae_ < 0.1)
    True
    """

    _kernel = staticmethod(gaussian_kernel)


# ---------------------------------------------------------------------------
# 04 Learning curves and power laws
# ---------------------------------------------------------------------------


def learning_curve(
    model,
    X,
    y,
    train_sizes,
    *,
    n_repeats=500,
    random_state=0,
    X_test=None,
    y_test=None,
    forces=None,
):
    """Test MAE over many seeded random training sets of each size.

    Each repeat draws one random ordering of the data; its training set of
    size N is the first N points of that ordering. So every training set is a
    uniform random subset, and within a repeat the sets are nested, as in
    scikit-learn's own ``learning_curve``. Nesting lets the package's kernel
    models solve every size of a repeat from one Cholesky factorisation.

    Parameters
    ----------
    model : estimator
        Any scikit-learn regressor. The package's kernel models are solved for
        all splits at once (one kernel matrix, stacked Cholesky factors);
        other estimators, and models whose prior is fitted, are refitted in a
        loop that gives the same numbers.
    X : array_like of shape (n_samples, 1)
        Pool of distances to draw training sets from.
    y : array_like of shape (n_samples,)
        Energies at ``X``.
    train_sizes : sequence of int or float
        Training-set sizes: an int is a number of points, a float in (0, 1) a
        fraction of ``n_samples`` (rounded down, as ``train_test_split`` does).
    n_repeats : int, default=500
        Random splits per size.
    random_state : int, default=0
        Seed; the same seed gives the same splits and the same numbers.
    X_test, y_test : array_like, optional
        A fixed test set. When omitted, each split is tested on the points not
        used for training (the seed's protocol), so the test set changes with N.
    forces : array_like of shape (n_samples,), optional
        Forces at ``X``; each fit then receives ``forces=`` for its training
        points (for :class:`EnergyForceKernelRidge`, alone or in a search).

    Returns
    -------
    pandas.DataFrame
        One row per fit, with columns ``n_train``, ``repeat`` and ``mae``.
    """
    _check_instance(model, "model")
    X, y = _check_energies(X, y, "X", "y")
    if (X_test is None) != (y_test is None):
        raise ValueError("Give both X_test and y_test, or neither.")
    if X_test is not None:
        X_test, y_test = _check_energies(X_test, y_test, "X_test", "y_test")
    if forces is not None:
        _, forces = _check_energies(X, forces, "X", "forces")
    n_repeats = _check_int(n_repeats, "n_repeats", min_val=1)
    random_state = _check_seed(random_state)
    n = X.shape[0]
    counts = _train_counts(train_sizes, n, need_test=X_test is None)
    order = random_orderings(n, int(n_repeats), random_state=random_state)
    predictions = _predictions_per_size(model, X, y, order, counts, X_test, forces)
    frames = []
    for count, pred in zip(counts, predictions, strict=True):
        truth = y[order[:, count:]] if X_test is None else y_test[None, :]
        frames.append(
            pd.DataFrame(
                {
                    "n_train": count,
                    "repeat": np.arange(int(n_repeats)),
                    "mae": np.mean(np.abs(pred - truth), axis=1),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


#: Significance level of the lack-of-fit test in :func:`fit_power_law`.
_LACK_OF_FIT_LEVEL = 0.05
#: A change of local slope smaller than this over the sizes fitted counts as "one power law".
_SLOPE_CHANGE_MARGIN = 0.5


@dataclass(frozen=True)
class PowerLawFit:
    """Result of :func:`fit_power_law`: ``E = beta N^nu`` with 95% intervals.

    Attributes
    ----------
    beta, nu : float
        Prefactor and exponent of the least-squares line through the
        logarithms of the mean errors.
    beta_ci, nu_ci : tuple of float
        95% confidence intervals (Student-t, see :func:`fit_power_law`).
    is_power_law : bool or None
        ``False`` when the curve bends: the change of slope over the sizes
        fitted (``slope_change``) differs from zero at the 5% level. Then
        ``nu`` is only an average slope, and its interval includes the lack of
        fit; look at :func:`local_slopes`. ``True`` when the 95% interval of
        ``slope_change`` lies within +-0.5: any bend is small. ``None``
        (undetermined) otherwise: the repeats scatter too much to tell a power
        law from a bend, and the curve is no evidence either way. Always
        ``None`` with only two sizes, where a line cannot miss.
    lack_of_fit_pvalue : float
        p-value of the test of ``slope_change = 0`` (1.0 with two sizes).
    slope_change, slope_change_ci : float, tuple of float
        Change of local slope from the smallest to the largest size, from a
        parabola in ``log N`` through the log-errors, with its 95% interval
        (NaN with two sizes).
    nu_bootstrap : ndarray of shape (n_bootstrap,)
        Bootstrap exponents over whole repeats, rescaled about ``nu`` so that
        ``1.96`` standard deviations equal the half-width of ``nu_ci``. Two
        fits made with the same ``n_bootstrap`` and ``random_state`` on curves
        with the same repeats (the same ``random_state`` of
        :func:`learning_curve`) resample the same repeats, so
        ``a.nu_bootstrap - b.nu_bootstrap`` is a paired bootstrap of the
        difference in exponent; its 2.5 and 97.5 percentiles are a 95% interval.
    """

    beta: float
    nu: float
    beta_ci: tuple[float, float]
    nu_ci: tuple[float, float]
    is_power_law: bool | None
    lack_of_fit_pvalue: float
    slope_change: float
    slope_change_ci: tuple[float, float]
    nu_bootstrap: np.ndarray = field(repr=False, compare=False)

    def __call__(self, n):
        """Evaluate the fitted curve ``beta n^nu``."""
        return self.beta * np.asarray(n, dtype=float) ** self.nu

    def __str__(self):
        """Summarise the fit in one sentence, saying when the curve is not a power law."""
        text = (
            f"nu = {self.nu:.3g} (95% CI [{self.nu_ci[0]:.3g}, {self.nu_ci[1]:.3g}]), "
            f"beta = {self.beta:.3g}"
        )
        if self.is_power_law:
            return f"power law: {text}"
        if self.is_power_law is None:
            return (
                f"power law or not undetermined (slope change {self.slope_change:.2g}, 95% CI "
                f"[{self.slope_change_ci[0]:.2g}, {self.slope_change_ci[1]:.2g}]); slope {text}"
            )
        return (
            f"not a power law (lack-of-fit p = {self.lack_of_fit_pvalue:.2g}): the slope changes "
            f"with N; average slope {text}, interval including the lack of fit"
        )


def fit_power_law(n_train, mae, *, n_bootstrap=2000, random_state=0):
    """Fit ``E = beta N^nu`` to a learning curve, with honest 95% intervals.

    The line ``log E = log beta + nu log N`` is fitted by least squares to the
    logarithm of the mean MAE at each training size.

    Parameters
    ----------
    n_train, mae : array_like of shape (n_fits,)
        One entry per fit, as in the columns of :func:`learning_curve`'s output.
        At least two sizes, and at least two repeats per size.
    n_bootstrap : int, default=2000
        Bootstrap resamples for ``nu_bootstrap`` (at least 100).
    random_state : int or None, default=0
        Seed of the bootstrap.

    Returns
    -------
    PowerLawFit

    Notes
    -----
    *Repeat noise.* The variance of ``nu`` and ``log beta`` is the delete-one
    jackknife over repeats (whole repeats when every size has the same number
    of them, which keeps the correlation that nested training sets create),
    and the interval is ``estimate +- t * standard error`` with Student's
    ``t`` on ``n_repeats - 1`` degrees of freedom. With few repeats a
    percentile bootstrap (``scipy.stats.bootstrap`` included, also BCa) is too
    narrow: it covers the true exponent less often than it claims, which the
    t interval corrects (Efron & Tibshirani 1993).

    *Lack of fit.* A curve that bends is not a power law, and its exponent
    depends on which sizes are fitted. The test asks whether the local slope
    changes between the smallest and the largest size (``slope_change``, from
    the per-repeat log-errors, see ``_slope_change_test``), a one-degree-of-
    freedom question with more power against a gradual bend than a test of
    every deviation from the line. An earlier test compared the deviations of
    the log-*means* with a delta-method estimate of their noise; at the
    scatter of real learning curves (log-errors spread by 1-2 across splits,
    heavy tails) one bad split dominates a mean, that estimate fails, and the
    test rejected true power laws far more often than its nominal 5%
    (``benchmarks/power_law_lof.py``). When it rejects (``is_power_law`` is
    False), the ordinary least-squares variance of the line through its own
    residuals (the classical lack-of-fit term) is added to the repeat-noise
    variance, with Welch-Satterthwaite degrees of freedom. Not rejecting is
    not evidence of a power law: with few repeats the interval of
    ``slope_change`` is often wide enough to hold a large bend, and then
    ``is_power_law`` is None (undetermined) and :func:`local_slopes` is
    the evidence.

    Examples
    --------
    >>> import numpy as np
    >>> n = np.repeat([10, 20, 40, 80], 5)
    >>> mae = 2.0 * n**-1.0 * np.tile([0.9, 1.0, 1.1, 0.95, 1.05], 4)
    >>> fit = fit_power_law(n, mae)
    >>> round(fit.nu, 3), fit.is_power_law
    (-1.0, True)
    """
    n_bootstrap = _check_int(n_bootstrap, "n_bootstrap", min_val=100)
    random_state = _check_seed(random_state)
    sizes, groups = _power_law_groups(n_train, mae)
    _check_work(n_bootstrap * sum(g.size for g in groups), f"n_bootstrap={n_bootstrap}",
                "use a smaller n_bootstrap")  # fmt: skip
    means = np.array([g.mean() for g in groups])
    design = np.column_stack([np.ones(sizes.size), np.log(sizes)])
    weights = np.linalg.pinv(design)  # (log beta, nu) = weights @ log(means)
    log_beta, nu = weights @ np.log(means)
    projector = np.eye(sizes.size) - design @ weights  # residuals of the line
    is_power_law, change, change_ci, pvalue = _power_law_verdict(groups, sizes)
    half = _power_law_half_widths(groups, means, weights, projector, is_power_law is False)
    nu_boot = _bootstrap_exponents(groups, weights, nu, half[1], n_bootstrap, random_state)
    return PowerLawFit(
        beta=float(np.exp(log_beta)),
        nu=float(nu),
        beta_ci=(float(np.exp(log_beta - half[0])), float(np.exp(log_beta + half[0]))),
        nu_ci=(float(nu - half[1]), float(nu + half[1])),
        is_power_law=is_power_law,
        lack_of_fit_pvalue=float(pvalue),
        slope_change=float(change),
        slope_change_ci=change_ci,
        nu_bootstrap=nu_boot,
    )


def _power_law_groups(n_train, mae):
    """Check a learning curve's columns; return its sizes and the errors at each size."""
    for values, name in ((n_train, "n_train"), (mae, "mae")):
        _check_array_like(values, name)
    n_train = check_array(n_train, dtype=float, ensure_2d=False, input_name="n_train")
    mae = check_array(mae, dtype=float, ensure_2d=False, input_name="mae")
    if n_train.ndim != 1 or mae.ndim != 1:
        raise ValueError("n_train and mae must be 1-D arrays (columns of learning_curve's output).")
    _check_same_length(n_train, mae, "n_train", "mae")
    if not (np.all(np.isfinite(mae)) and np.all(mae > 0) and np.all(np.isfinite(n_train))):
        raise ValueError("mae must be positive and finite to fit a power law (log of 0 or NaN).")
    if mae.max() > 1e150:
        raise ValueError(
            f"mae reaches {mae.max():g}: sums of such errors overflow; rescale the errors."
        )
    if not np.all((n_train > 0) & (n_train <= 1e15)):
        raise ValueError(
            "n_train must be positive and at most 1e15: training sizes are counts of points."
        )
    sizes = np.unique(n_train)
    groups = [mae[n_train == size] for size in sizes]
    if sizes.size < 2 or min(g.size for g in groups) < 2:
        raise ValueError(
            "need at least two training sizes with at least two repeats each "
            "(the interval is estimated from the scatter between repeats)."
        )
    return sizes, groups


def _power_law_verdict(groups, sizes):
    """Return ``(is_power_law, slope_change, slope_change_ci, pvalue)`` of a learning curve."""
    if sizes.size <= 2:
        return None, np.nan, (np.nan, np.nan), 1.0
    change, change_ci, pvalue = _slope_change_test(groups, sizes)
    if pvalue < _LACK_OF_FIT_LEVEL:
        return False, change, change_ci, pvalue
    # No detected bend: a finding only when the interval rules out a large one.
    small = max(abs(change_ci[0]), abs(change_ci[1])) <= _SLOPE_CHANGE_MARGIN
    return (True if small else None), change, change_ci, pvalue


def _power_law_half_widths(groups, means, weights, projector, lack_of_fit):
    """Half-widths of the 95% intervals of (log beta, nu), widened when ``lack_of_fit``."""
    n_sizes = means.size
    var, dof = _jackknife_variance(groups, weights)
    if lack_of_fit:
        residuals = projector @ np.log(means)
        var_fit = residuals @ residuals / (n_sizes - 2) * np.sum(weights**2, axis=1)
        # Welch-Satterthwaite degrees of freedom of the sum of the two variances.
        dof = (var + var_fit) ** 2 / (var**2 / dof + var_fit**2 / (n_sizes - 2))
        var = var + var_fit
    # No scatter at all (identical repeats): the interval is a point, whatever the dof.
    dof = np.where(var > 0, dof, np.inf)
    return stats.t.ppf(0.975, dof) * np.sqrt(var)


def _bootstrap_exponents(groups, weights, nu, half_nu, n_bootstrap, random_state):
    """Bootstrap over whole repeats (for paired comparisons), rescaled to the interval."""
    rng = np.random.default_rng(random_state)
    if len({g.size for g in groups}) == 1:
        picks = [rng.integers(0, groups[0].size, (n_bootstrap, groups[0].size))] * len(groups)
    else:
        picks = [rng.integers(0, g.size, (n_bootstrap, g.size)) for g in groups]
    boot = np.array([g[p].mean(axis=1) for g, p in zip(groups, picks, strict=True)])
    nu_boot = (weights @ np.log(boot))[1]
    spread = nu_boot.std()
    if spread > 0:
        nu_boot = nu + (nu_boot - nu) * half_nu / (stats.norm.ppf(0.975) * spread)
    return nu_boot


def _sums_without_each(x):
    """Return the sums over the last axis of ``x >= 0`` leaving out each entry in turn.

    ``x.sum() - x_i`` loses every digit when ``x_i`` dominates the sum (one bad
    split of a heavy-tailed learning curve), and can give 0; exclusive prefix
    plus suffix sums add positive numbers only.
    """
    zero = np.zeros(x.shape[:-1] + (1,))
    before = np.concatenate([zero, np.cumsum(x, axis=-1)[..., :-1]], axis=-1)
    after = np.concatenate([np.cumsum(x[..., ::-1], axis=-1)[..., -2::-1], zero], axis=-1)
    return before + after


def _jackknife_variance(groups, weights):
    """Variance and degrees of freedom of ``weights @ log(means)`` over repeats.

    ``groups`` is a list of 1-D arrays of errors, one per training size. When
    all have the same length, entry ``r`` of each is taken to come from the
    same repeat ``r`` (nested training sets, as :func:`learning_curve` makes
    them), and whole repeats are left out one at a time (delete-one jackknife,
    Efron & Tibshirani, *An Introduction to the Bootstrap*, 1993, ch. 11), with
    ``n_repeats - 1`` degrees of freedom. Otherwise the sizes are independent:
    the jackknife variances of each log-mean add, and the degrees of freedom
    follow Welch and Satterthwaite.
    """
    sizes = {g.size for g in groups}
    if len(sizes) == 1:
        x = np.array(groups)
        n = x.shape[1]
        left_out = _sums_without_each(x) / (n - 1)
        values = weights @ np.log(left_out)
        var = (n - 1) / n * np.sum((values - values.mean(axis=1, keepdims=True)) ** 2, axis=1)
        return var, np.full(var.shape, n - 1.0)
    parts = []
    for g in groups:
        left_out = np.log(_sums_without_each(g) / (g.size - 1))
        parts.append((g.size - 1) / g.size * np.sum((left_out - left_out.mean()) ** 2))
    parts = np.array(parts)
    terms = weights**2 * parts
    dof_each = np.array([g.size - 1.0 for g in groups])
    var = terms.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):  # 0 / 0 when no size scatters
        dof = var**2 / np.sum(terms**2 / dof_each, axis=1)
    return var, np.where(var > 0, dof, np.inf)


def _slope_change_test(groups, sizes):
    """Change of slope over ``sizes``, its 95% interval and the p-value of "no change".

    A parabola ``a + b u + c u^2`` in ``u = log N`` is fitted to the mean
    *log*-errors; the slope changes by ``2 c (u_max - u_min)`` from the
    smallest size to the largest. Logs, not the log of the means: the errors of
    a learning curve scatter over orders of magnitude, and one bad repeat
    moves a mean, and the delta-method variance of its log, far more than the
    mean of the logs. With equal repeat counts (nested training sets), the
    change is computed for each repeat and tested by a one-sample t-test
    (``n_repeats - 1`` degrees of freedom), which keeps the correlation between
    the sizes of one repeat; otherwise the sizes are independent and the
    degrees of freedom follow Welch and Satterthwaite.
    """
    u = np.log(sizes)
    design = np.column_stack([np.ones_like(u), u - u.mean(), (u - u.mean()) ** 2])
    contrast = 2.0 * (u.max() - u.min()) * np.linalg.pinv(design)[2]
    logs = [np.log(g) for g in groups]
    if len({g.size for g in groups}) == 1:
        per_repeat = contrast @ np.array(logs)
        change, n = per_repeat.mean(), per_repeat.size
        se, dof = per_repeat.std(ddof=1) / np.sqrt(n), n - 1.0
    else:
        terms = contrast**2 * np.array([g.var(ddof=1) / g.size for g in logs])
        change = contrast @ np.array([g.mean() for g in logs])
        se = np.sqrt(terms.sum())
        with np.errstate(invalid="ignore", divide="ignore"):  # 0 / 0 when no size scatters
            dof = terms.sum() ** 2 / np.sum(terms**2 / np.array([g.size - 1.0 for g in logs]))
    if se <= 1e-12 * max(1.0, abs(change)):  # the same bend on every repeat: no noise
        pvalue = 1.0 if abs(change) <= 1e-9 else 0.0
        return float(change), (float(change), float(change)), pvalue
    half = stats.t.ppf(0.975, dof) * se
    pvalue = 2.0 * stats.t.sf(abs(change) / se, dof)
    return float(change), (float(change - half), float(change + half)), float(pvalue)


def local_slopes(curve, *, n_bootstrap=2000, random_state=0):
    """Log-log slope of the mean error between neighbouring training sizes.

    A power law has one slope at every size; a curve that bends shows it here.

    Parameters
    ----------
    curve : pandas.DataFrame
        Output of :func:`learning_curve` (columns ``n_train``, ``repeat``, ``mae``).
    n_bootstrap : int, default=2000
        Bootstrap resamples of whole repeats (at least 100).
    random_state : int or None, default=0
        Seed of the bootstrap.

    Returns
    -------
    pandas.DataFrame
        One row per pair of neighbouring sizes, with columns ``n_low``,
        ``n_high``, ``n_mid`` (their geometric mean), ``slope`` and the 95%
        interval ``ci_low``, ``ci_high``.

    Notes
    -----
    ``slope = log(mean_high / mean_low) / log(n_high / n_low)``. The interval
    is the bootstrap over whole repeats (percentiles), widened as in
    :func:`fit_power_law` by ``t(n_repeats - 1) / 1.96`` and the jackknife
    standard error, so that it stays honest with few repeats.

    See Also
    --------
    fit_power_law, plot_local_slopes

    Examples
    --------
    >>> import pandas as pd
    >>> curve = pd.DataFrame({"n_train": [10, 10, 20, 20, 40, 40],
    ...                       "repeat": [0, 1, 0, 1, 0, 1],
    ...                       "mae": [0.1, 0.12, 0.05, 0.06, 0.025, 0.03]})
    >>> local_slopes(curve)[["n_low", "n_high", "slope"]].round(3)
       n_low  n_high  slope
    0     10      20   -1.0
    1     20      40   -1.0
    """
    _check_curve(curve)
    n_bootstrap = _check_int(n_bootstrap, "n_bootstrap", min_val=100)
    random_state = _check_seed(random_state)
    rows = []
    sizes = np.sort(curve["n_train"].unique())
    if sizes.size < 2:
        raise ValueError("local slopes need at least two training sizes.")
    for low, high in itertools.pairwise(sizes):
        pair = curve[curve["n_train"].isin([low, high])]
        fit = fit_power_law(
            pair["n_train"], pair["mae"], n_bootstrap=n_bootstrap, random_state=random_state
        )
        ci = np.percentile(fit.nu_bootstrap, [2.5, 97.5])
        rows.append((int(low), int(high), float(np.sqrt(low * high)), fit.nu, *ci))
    return pd.DataFrame(rows, columns=["n_low", "n_high", "n_mid", "slope", "ci_low", "ci_high"])


def log_axis_ticks(axis, *, ticks=None):
    """Label a log axis at 1, 2 and 5 times each power of ten (or at ``ticks``), plainly.

    Matplotlib's default labels a log axis with powers of ten and, over less
    than a decade, with crowded minor labels. Training-set sizes read better
    as plain numbers (10, 20, 50, 100).

    Parameters
    ----------
    axis : matplotlib.axis.Axis
        The axis to tidy, e.g. ``ax.xaxis`` of a log-scaled ``ax``.
    ticks : sequence of float, optional
        Label exactly these values instead (e.g. the training sizes used).

    Returns
    -------
    matplotlib.axis.Axis
        The same axis.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> ax.set_xscale("log")
    >>> _ = ax.set_xlim(5, 60)
    >>> _ = log_axis_ticks(ax.xaxis)
    >>> fig.canvas.draw()
    >>> [t.get_text() for t in ax.get_xticklabels() if 5 <= t.get_position()[0] <= 60]
    ['5', '10', '20', '50']
    >>> _ = log_axis_ticks(ax.xaxis, ticks=[5, 10, 20, 47])
    >>> fig.canvas.draw()
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['5', '10', '20', '47']
    >>> plt.close(fig)
    """
    if not hasattr(axis, "set_major_locator"):
        raise TypeError(
            f"axis must be a matplotlib Axis such as ax.xaxis, got {type(axis).__name__}."
        )
    if ticks is None:
        axis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    else:
        _check_array_like(ticks, "ticks")
        axis.set_major_locator(FixedLocator(np.asarray(ticks, dtype=float)))
    axis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    axis.set_minor_formatter(NullFormatter())
    return axis


def plot_learning_curve(ax, curve, label, *, fit=None, **errorbar_kw):
    """Draw mean MAE against N with standard-error bars on log-log axes.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    curve : pandas.DataFrame
        Output of :func:`learning_curve`.
    label : str
        Legend label.
    fit : PowerLawFit, optional
        Drawn as a dashed line, with ``nu`` and ``beta`` in the legend (and
        "not a power law" when its lack-of-fit test rejects, "power law
        undetermined" when it can tell neither way; see :class:`PowerLawFit`).
    **errorbar_kw
        Passed to ``ax.errorbar`` (e.g. ``color``).

    Returns
    -------
    pandas.DataFrame
        Mean and standard error of the MAE per training size.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> X, y = dimer_dataset()
    >>> curve = learning_curve(LaplacianKernelRidge(), X, y, [10, 20, 40], n_repeats=20)
    >>> fig, ax = plt.subplots()
    >>> stats = plot_learning_curve(ax, curve, "Laplacian", fit=fit_power_law(
    ...     curve["n_train"], curve["mae"]))
    >>> list(stats.columns)
    ['mean', 'sem']
    >>> plt.close(fig)
    """
    _check_axes(ax)
    _check_curve(curve)
    if fit is not None and not isinstance(fit, PowerLawFit):
        raise TypeError(
            f"fit must be a PowerLawFit (from fit_power_law), got {type(fit).__name__}."
        )
    stats_ = curve.groupby("n_train")["mae"].agg(["mean", "sem"])
    line = ax.errorbar(
        stats_.index,
        stats_["mean"],
        yerr=stats_["sem"],
        fmt="o",
        label=label,
        capsize=3,
        **errorbar_kw,
    )
    if fit is not None:
        n = np.geomspace(stats_.index.min(), stats_.index.max(), 50)
        caveat = {True: "", None: " (power law undetermined)"}.get(
            fit.is_power_law, " (not a power law)"
        )
        ax.plot(
            n,
            fit(n),
            "--",
            color=line[0].get_color(),
            label=rf"fit: $\nu$ = {fit.nu:.3g}, $\beta$ = {fit.beta:.3g}{caveat}",
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    log_axis_ticks(ax.xaxis)
    ax.set_xlabel(r"training points $N$")
    ax.set_ylabel(r"test MAE ($\varepsilon$)")
    return stats_


def plot_local_slopes(ax, slopes, label, **kw):
    """Draw local slopes (output of :func:`local_slopes`) with their 95% intervals.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    slopes : pandas.DataFrame
        Output of :func:`local_slopes`.
    label : str
        Legend label.
    **kw
        Passed to ``ax.errorbar`` (e.g. ``color``).

    Returns
    -------
    matplotlib.container.ErrorbarContainer

    See Also
    --------
    local_slopes, plot_learning_curve

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> X, y = dimer_dataset()
    >>> curve = learning_curve(LaplacianKernelRidge(), X, y, [10, 20, 40], n_repeats=20)
    >>> fig, ax = plt.subplots()
    >>> bars = plot_local_slopes(ax, local_slopes(curve), "Laplacian")
    >>> ax.get_xscale()
    'log'
    >>> plt.close(fig)
    """
    _check_axes(ax)
    if not isinstance(slopes, pd.DataFrame) or not {"n_mid", "slope", "ci_low", "ci_high"} <= set(
        slopes.columns
    ):
        raise TypeError("slopes must be the DataFrame returned by local_slopes(curve).")
    yerr = np.vstack([slopes["slope"] - slopes["ci_low"], slopes["ci_high"] - slopes["slope"]])
    kw = {"fmt": "o-", "capsize": 3, **kw}
    bars = ax.errorbar(slopes["n_mid"], slopes["slope"], yerr=yerr, label=label, **kw)
    ax.set_xscale("log")
    log_axis_ticks(ax.xaxis)
    ax.set_xlabel(r"training points $N$ (geometric mean of neighbouring sizes)")
    ax.set_ylabel(r"local slope $d \log E / d \log N$")
    return bars


# ---------------------------------------------------------------------------
# 05 Priors (delta learning)
# ---------------------------------------------------------------------------


class LinearWallPrior(BaseEstimator):
    """The seed's repulsive prior ``U(r) = -gamma (r - r0) theta(r0 - r)``.

    Zero for ``r >= r0`` and a straight wall of slope ``-gamma`` below ``r0``.
    Nothing is learned: ``gamma`` and ``r0`` are set by hand, ``fit`` only
    checks them, and ``predict`` works without it.

    Parameters
    ----------
    gamma : float, default=150.0
        Slope of the wall, in units of epsilon/sigma; ``gamma >= 0``.
    r0 : float, default=0.95
        Distance where the wall starts, in units of sigma; ``r0 > 0``.
    """

    def __init__(self, *, gamma=150.0, r0=0.95):
        self.gamma = gamma
        self.r0 = r0

    def fit(self, X, y=None):
        """Check the parameters; the wall has nothing to learn.

        Parameters
        ----------
        X : array_like of shape (n_samples, 1)
            Distances (checked, not used).
        y : ignored

        Returns
        -------
        self
        """
        self._check_params()
        _prior_distances(X, "LinearWallPrior")
        return self

    def _check_params(self):
        return (
            _check_positive_real(self.gamma, "gamma", allow_zero=True),
            _check_positive_real(self.r0, "r0"),
        )

    def predict(self, X):
        """Prior energies at distances ``X``.

        Parameters
        ----------
        X : array_like of shape (n_samples, 1)
            Distances.

        Returns
        -------
        ndarray of shape (n_samples,)

        Examples
        --------
        >>> LinearWallPrior().predict([[0.9], [1.0]]).round(2).tolist()
        [7.5, -0.0]
        """
        gamma, r0 = self._check_params()
        r = _prior_distances(X, "LinearWallPrior")
        return -gamma * (r - r0) * (r < r0)

    def __sklearn_tags__(self):
        """Declare the input domain (and fitting needs) to scikit-learn's checks."""
        tags = super().__sklearn_tags__()
        tags.requires_fit = False
        return tags


class InversePowerPrior(_FitParamsMixin, BaseEstimator):
    """A prior ``U(r) = sum_p C_p r^-p``, fitted by least squares or fixed.

    Passed as ``prior=`` to a model, it is cloned and fitted on each training
    set, so no test data ever reach it. ``powers=(12,)`` is the LJ repulsion
    with a free strength; ``powers=(12, 6)`` is the full LJ form.

    Parameters
    ----------
    powers : tuple of float, default=(12,)
        Exponents ``p``.
    coef : tuple of float or None, default=None
        Fixed coefficients ``C_p``, one per power; then nothing is fitted
        (``coef=(4.0,)`` is the exact LJ repulsion ``4 r^-12``). ``None`` fits
        them to the training energies by least squares.

    Attributes
    ----------
    coef_ : ndarray of shape (len(powers),)
        Coefficients ``C_p`` in use.
    """

    def __init__(self, *, powers=(12,), coef=None):
        self.powers = powers
        self.coef = coef

    def _check_powers(self):
        powers = self.powers
        if isinstance(powers, (str, bytes)) or not isinstance(powers, (tuple, list, np.ndarray)):
            raise TypeError(
                f"powers must be a tuple of numbers such as (12,) or (12, 6), got {powers!r}."
            )
        if len(powers) == 0:
            raise ValueError("powers is empty: give at least one exponent, e.g. powers=(12,).")
        values = [_check_real(p, "each power", min_val=0) for p in powers]
        if len(set(values)) != len(values):
            raise ValueError(f"powers must be distinct, got {powers!r}.")
        return values

    def _design(self, r):
        with np.errstate(over="ignore", divide="ignore"):
            design = np.column_stack([r**-p for p in self._check_powers()])
        if not np.all(np.isfinite(design)):
            raise ValueError(
                f"r^-p overflows for powers={self.powers!r} at distances down to {r.min():g} "
                "sigma (X); use smaller powers or larger distances."
            )
        return design

    def _leave_one_out_values(self, X, y):
        """Column ``i``: the prediction at ``X`` of the prior refitted without point ``i``.

        Closed form from one QR factorisation ``A = Q R`` of the design matrix:
        ``prior_{-i}(X) = prior(X) - Q Q_i^T e_i / (1 - h_ii)`` with residual
        ``e_i`` and leverage ``h_ii = |Q_i|^2`` (the leave-one-out update of
        linear least squares). NaN where the prior is undetermined without ``i``.
        """
        Q, _ = np.linalg.qr(self._design(X[:, 0]))
        fitted = self.predict(X)
        leverage = np.sum(Q**2, axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            step = (y - fitted) / (1.0 - leverage)
        values = fitted[:, None] - (Q @ Q.T) * step[None, :]
        values[:, leverage > 1.0 - 1e-10] = np.nan  # prior undetermined without that point
        return values

    @_keeps_old_fit_on_error
    def fit(self, X, y):
        """Least-squares fit of the coefficients to energies ``y`` at distances ``X``.

        Parameters
        ----------
        X : array_like of shape (n_samples, 1)
            Training distances.
        y : array_like of shape (n_samples,)
            Training energies.

        Returns
        -------
        self
        """
        self._check_powers()
        r = _prior_distances(X, "InversePowerPrior")
        if self.coef is not None:
            self.coef_ = self._fixed_coef()
            self._remember_fit_params()
            return self
        y = np.asarray(_check_targets(y, "y"), dtype=float)
        if y.shape != r.shape or not np.all(np.isfinite(y)):
            raise ValueError("y must hold one finite energy per distance in X.")
        if np.unique(r).size < len(self.powers):
            raise ValueError(
                f"cannot fit {len(self.powers)} coefficients to {np.unique(r).size} distinct "
                "distances; use fewer powers or more training points."
            )
        self.coef_, *_ = np.linalg.lstsq(self._design(r), y, rcond=None)
        self._remember_fit_params()
        return self

    def _fixed_coef(self):
        sequence = (tuple, list, np.ndarray)
        if isinstance(self.coef, (str, bytes)) or not isinstance(self.coef, sequence):
            raise TypeError(f"coef must be None or a tuple of numbers, got {self.coef!r}.")
        coef = np.array([_check_real(c, "each coef") for c in self.coef])
        if coef.shape != (len(self._check_powers()),):
            raise ValueError(f"coef must give one coefficient per power, got {self.coef!r}.")
        return coef

    def predict(self, X):
        """Prior energies at distances ``X``.

        Parameters
        ----------
        X : array_like of shape (n_samples, 1)
            Distances.

        Returns
        -------
        ndarray of shape (n_samples,)

        Examples
        --------
        >>> InversePowerPrior(coef=(4.0,)).predict([[1.0]]).tolist()
        [4.0]
        """
        if self.coef is None:
            self._check_fit_current()
            coef = self.coef_
        else:
            coef = self._fixed_coef()
        with np.errstate(over="ignore", invalid="ignore"):
            values = self._design(_prior_distances(X, "InversePowerPrior")) @ coef
        if np.any(np.isnan(values)):
            raise ValueError("the prior's terms C_p r^-p overflow with opposite signs at X.")
        return values

    def __sklearn_tags__(self):
        """Declare the input domain (and fitting needs) to scikit-learn's checks."""
        tags = super().__sklearn_tags__()
        tags.requires_fit = self.coef is None
        return tags


# ---------------------------------------------------------------------------
# 06 Hyperparameters and uncertainty: the Gaussian-process bookkeeping
# ---------------------------------------------------------------------------


class KernelGridSearch(RegressorMixin, BaseEstimator):
    """Choose hyperparameters on the training data only, from one fit per grid point.

    Every combination in ``param_grid`` is fitted on the training data and
    scored by what that fit says about itself, with no data held out:

    - ``criterion="loo"``: the exact leave-one-out mean absolute error
      (``loo_mae_``, N-fold cross-validation in closed form from one Cholesky
      factor);
    - ``criterion="marginal_likelihood"``: the Gaussian-process log marginal
      likelihood (``log_marginal_likelihood_``, type-II maximum likelihood).

    Parameters
    ----------
    estimator : estimator
        One of the package's kernel models (:class:`GaussianKernelRidge`,
        :class:`LaplacianKernelRidge`, :class:`EnergyForceKernelRidge`,
        :class:`PairAdditiveKernelRidge`): anything whose fit sets
        ``loo_mae_`` and ``log_marginal_likelihood_``.
    param_grid : dict of str to sequence, or list of such dicts
        As for ``sklearn.model_selection.GridSearchCV``, e.g.
        ``{"length_scale": [...], "alpha": [...]}``.
    criterion : {"loo", "marginal_likelihood"}, default="loo"
        How a fit scores itself (higher score is better).
    tie_rtol : float, default=1e-3
        Scores within this relative distance of the best,
        ``|score - best| <= tie_rtol * |best|``, are ties: rounding, not data,
        orders them. A tie goes to the most regularised model: the largest
        values of the estimator's ``regularisation_params`` in turn (for the
        package's models ``alpha_force``, ``alpha_energy`` or ``alpha``, then
        ``length_scale``); remaining ties to the first in grid order.

    Attributes
    ----------
    best_estimator_ : estimator
        Fitted with the best parameters.
    best_params_ : dict
        The chosen grid point.
    best_score_ : float
        ``-loo_mae_`` or ``log_marginal_likelihood_`` of the chosen fit.
    at_grid_edge_ : list of str
        Parameters whose chosen value is the smallest or largest of its grid:
        the optimum may lie outside. For ``alpha`` at the smallest value this
        means accuracy is limited by the conditioning floor, not by the data.
    n_ties_ : int
        Grid points whose score tied with the best (including the chosen one).

    Notes
    -----
    *The estimator's side of the search.* The search asks the estimator for
    three things, which the package's kernel models provide (other
    estimators get a plain loop of clones, no blind parameters and the
    default tie order):

    - ``fit_candidates(X, y, candidates, **fit_params)``: a generator of the
      fitted clones, one per parameter dict (None where the kernel matrix is
      not positive definite). The dimer models check the data and fit the
      prior once for the whole grid there;
    - ``search_blind_params(criterion)``: the parameters the criterion
      cannot see. With ``criterion="loo"`` and
      ``EnergyForceKernelRidge(energies="one")`` the leave-one-out error
      scores forces only, while the one energy stays in every fit;
      ``alpha_energy`` then changes the score by round-off alone, so it is
      fixed at its largest grid value (the most regularised) rather than
      chosen by rounding;
    - ``regularisation_params``: the tie-break order above.

    A grid in which no point gives a finite score raises ``ValueError``.

    See Also
    --------
    sklearn.model_selection.GridSearchCV : the same search with held-out folds.
    sklearn.linear_model.RidgeCV : leave-one-out in closed form for linear ridge.

    Examples
    --------
    >>> X, y = dimer_dataset(n_points=20)
    >>> grid = {"length_scale": [0.1, 0.3, 1.0], "alpha": [1e-10, 1e-8]}
    >>> search = KernelGridSearch(GaussianKernelRidge(), grid).fit(X, y)
    >>> sorted(search.best_params_)
    ['alpha', 'length_scale']
    """

    def __init__(self, estimator, param_grid, *, criterion="loo", tie_rtol=1e-3):
        self.estimator = estimator
        self.param_grid = param_grid
        self.criterion = criterion
        self.tie_rtol = tie_rtol

    def _score(self, model):
        name = "loo_mae_" if self.criterion == "loo" else "log_marginal_likelihood_"
        if not hasattr(model, name):
            raise TypeError(
                f"{type(model).__name__} does not set {name} when fitted, so KernelGridSearch "
                "cannot score it; use one of the package's kernel models, or "
                "sklearn.model_selection.GridSearchCV for other estimators."
            )
        return -model.loo_mae_ if self.criterion == "loo" else model.log_marginal_likelihood_

    def _check_params(self):
        """Check criterion, tie_rtol, estimator and grid; return the grid as a list of dicts."""
        if self.criterion not in ("loo", "marginal_likelihood"):
            raise ValueError(
                f"criterion must be 'loo' or 'marginal_likelihood', got {self.criterion!r}."
            )
        if _check_real(self.tie_rtol, "tie_rtol", min_val=0, include_min=True) > 0.5:
            raise ValueError(f"tie_rtol must be at most 0.5, got {self.tie_rtol!r}.")
        _check_instance(self.estimator, "estimator")
        grids = self.param_grid if isinstance(self.param_grid, list) else [self.param_grid]
        if not grids or not all(isinstance(g, dict) and g for g in grids):
            raise ValueError(
                "param_grid is empty: give a dict of parameter names to lists of values, e.g. "
                '{"length_scale": [0.1, 0.3], "alpha": [1e-8, 1e-6]}.'
            )
        ParameterGrid(grids)  # validates the grid (types, empty value lists)
        blind_of = getattr(self.estimator, "search_blind_params", None)
        blind = set() if blind_of is None else blind_of(self.criterion)
        return [
            {k: ([max(v)] if k in blind else list(v)) for k, v in grid.items()} for grid in grids
        ]

    @_keeps_old_fit_on_error
    def fit(self, X, y, **fit_params):
        """Fit one model per grid point and keep the best; ``fit_params`` go to each fit.

        Parameters
        ----------
        X, y : array_like
            Training data, as the estimator's ``fit`` takes them.
        **fit_params
            Passed to every fit (e.g. ``forces=`` for :class:`EnergyForceKernelRidge`).

        Returns
        -------
        self
        """
        grids = self._check_params()
        candidates = [(which, p) for which, grid in enumerate(grids) for p in ParameterGrid(grid)]
        fits = getattr(self.estimator, "fit_candidates", None)
        if fits is None:  # any estimator: a plain loop with the same contract
            fits = _GaussianProcessMixin.fit_candidates.__get__(self.estimator)
        models = fits(X, y, [params for _, params in candidates], **fit_params)
        results = [
            (self._score(model), which, params, model)
            for (which, params), model in zip(candidates, models, strict=True)
            if model is not None
        ]
        score, which, params, model = self._choose(results)
        self.best_estimator_ = model
        self.best_params_ = dict(params)
        self.best_score_ = score
        self.at_grid_edge_ = [
            name
            for name, values in grids[which].items()
            if len(values) > 1
            and all(isinstance(v, numbers.Real) for v in values)
            and params[name] in (min(values), max(values))
        ]
        _copy_input_info(model, self)
        return self

    def _choose(self, results):
        """Pick the best (score, grid, params, model); ties go to the most regularised model."""
        if not results:
            raise ValueError(
                "No grid point gave a positive-definite kernel matrix; add larger alphas."
            )
        best = max(score for score, *_ in results)
        if not np.isfinite(best):
            raise ValueError(
                f"every grid point scored {best} ({self.criterion!r} is undefined for all of "
                "them, e.g. a learned prior that cannot be refitted without some point); "
                "change the grid, the prior or the criterion."
            )
        tied = [r for r in results if r[0] >= best - self.tie_rtol * abs(best)]
        self.n_ties_ = len(tied)
        order = getattr(self.estimator, "regularisation_params", _REGULARISATION_PARAMS)
        return max(tied, key=lambda r: _regularisation(r[2], order))

    def predict(self, X, return_std=False):
        """Predict with the selected model (see ``predict`` of the estimator).

        Parameters
        ----------
        X : array_like
            Inputs, as for the estimator.
        return_std : bool, default=False
            Also return the posterior standard deviation.

        Returns
        -------
        ndarray, or a tuple (mean, std)
        """
        check_is_fitted(self)
        if return_std:
            return self.best_estimator_.predict(X, return_std=True)
        return self.best_estimator_.predict(X)

    def __sklearn_tags__(self):
        """Declare the input domain (and fitting needs) to scikit-learn's checks."""
        tags = super().__sklearn_tags__()
        tags.input_tags.positive_only = get_tags(self.estimator).input_tags.positive_only
        return tags


#: Tie-break order for estimators that do not declare ``regularisation_params``.
_REGULARISATION_PARAMS = ("alpha_force", "alpha_energy", "alpha", "length_scale")


def _regularisation(params, order):
    """Sort key: larger means more regularised (the parameters in ``order``, in turn)."""
    return tuple(float(params[k]) if k in params else -np.inf for k in order)


def _cholesky(A):
    """Lower Cholesky factor of ``A`` (or of each matrix in a stack), with a clear error."""
    try:
        return np.linalg.cholesky(A)
    except LinAlgError as exc:
        raise NotPositiveDefiniteError(
            "The kernel matrix plus alpha * I is not positive definite to machine "
            "precision. Raise alpha (e.g. to 1e-8) or remove duplicated training points."
        ) from exc


def _evidence(target, quadratic, half_logdet):
    """Signal amplitude and log marginal likelihood of a fit.

    With ``G = K + alpha I``, ``quadratic = t^T G^-1 t`` and ``half_logdet =
    log det(G) / 2`` (the sum of the logarithms of the Cholesky diagonal, or
    half the sum of the log eigenvalues). The amplitude maximises the
    Gaussian-process marginal likelihood for the given kernel and alpha
    (``amplitude^2 = t^T G^-1 t / n``), and the log marginal likelihood is
    Rasmussen & Williams (2006), Algorithm 2.1, line 7, at that amplitude.
    """
    if not np.isfinite(quadratic):
        raise ValueError(
            "t^T (K + alpha I)^-1 t overflowed: the training energies are too large for this "
            "kernel and alpha; rescale the energies or raise alpha."
        )
    n = target.size
    amplitude2 = max(quadratic, 1e-300) / n  # t^T (K + alpha I)^-1 t / n
    log_ml = -0.5 * n * (np.log(2 * np.pi * amplitude2) + 1) - half_logdet
    return float(np.sqrt(amplitude2)), float(log_ml)


def _posterior_std(amplitude, L, k_star):
    """Posterior std ``amplitude * sqrt(1 - k*^T G^-1 k*)`` (Algorithm 2.1, lines 5-6).

    ``L`` is the Cholesky factor of ``G``, ``k_star`` the covariances (rows:
    test points) with the training observations; the prior variance is 1.
    """
    v = solve_triangular(L, k_star.T, lower=True)
    return amplitude * np.sqrt(np.clip(1.0 - np.sum(v * v, axis=0), 0.0, None))


def _mean_abs(residuals):
    """Mean absolute residual; infinite when some residual is undefined (NaN)."""
    residuals = np.asarray(residuals)
    return float(np.inf) if np.isnan(residuals).any() else float(np.mean(np.abs(residuals)))


def _loo_residuals(L, coef, groups=None, targets=None):
    """Exact leave-one-out (or leave-group-out) residuals from one Cholesky factor.

    With ``G = K + alpha I = L L^T`` and ``c = G^-1 t``, the residual of point
    ``i`` under the fit without it is ``c_i / [G^-1]_ii`` (Rasmussen & Williams
    2006, section 5.4.2, eq. 5.12). Leaving out a group ``I`` of observations
    at once (a configuration's energy and force) gives the block form
    ``r_I = ([G^-1]_II)^-1 c_I``. When the targets themselves depend on which
    point is left out (a prior refitted without it), ``targets[:, i]`` is the
    target vector for leaving out point ``i`` and ``r_i = [G^-1 t^(i)]_i / [G^-1]_ii``.

    Parameters
    ----------
    L : ndarray of shape (n, n)
        Lower Cholesky factor of ``G``.
    coef : ndarray of shape (n,)
        ``G^-1 t``.
    groups : list of ndarray of int, optional
        Observations left out together; default: each alone.
    targets : ndarray of shape (n, n), optional
        Per-point targets (only with single-point groups).

    Returns
    -------
    ndarray of shape (n,)
        Residual ``t_i - prediction_i`` of each observation.
    """
    n = coef.size
    G_inv = cho_solve((L, True), np.eye(n))
    if targets is not None:
        return np.einsum("ij,ji->i", G_inv, targets) / np.diag(G_inv)
    if groups is None:
        return coef / np.diag(G_inv)
    residuals = np.full(n, np.nan)
    for size in {len(g) for g in groups}:
        idx = np.array([g for g in groups if len(g) == size])
        blocks = G_inv[idx[:, :, None], idx[:, None, :]]
        residuals[idx] = np.linalg.solve(blocks, coef[idx][..., None])[..., 0]
    return residuals


def _prior_loo_values(prior, X, y):
    """Values at ``X`` of the prior refitted without each training point in turn.

    Column ``i`` is ``prior_{-i}(X)``. A prior with a closed form provides it
    as ``_leave_one_out_values(X, y)`` (:class:`InversePowerPrior`, least
    squares); other priors that learn are refitted ``n`` times. Returns None
    when the prior learns nothing (then it is the same for every point).
    """
    if prior is None or not _prior_requires_fit(prior):
        return None
    closed_form = getattr(prior, "_leave_one_out_values", None)
    if closed_form is not None:
        return closed_form(X, y)
    n = X.shape[0]
    values = np.empty((n, n))
    for i in range(n):
        keep = np.arange(n) != i
        refit = clone(prior, safe=False).fit(X[keep], y[keep])
        values[:, i] = _check_prior_output(refit.predict(X), n)
    return values


# ---------------------------------------------------------------------------
# 07 Representations and the model zoo
# ---------------------------------------------------------------------------


#: Alpha grids of :func:`model_zoo` (energy models; each block of the energy + force
#: models). The floors are chosen in the Notes of :func:`model_zoo`.
_ENERGY_ALPHAS = (1e-14, 1e-12, 1e-10, 1e-8, 1e-6)
_FORCE_ALPHAS = (1e-14, 1e-12, 1e-10)


def model_zoo():
    """Return the models compared in notebooks 07 and 08 and in ``benchmarks/accuracy.py``.

    Every model whose hyperparameters are not the seed's fixed ones chooses
    them inside each training set, by exact leave-one-out error over a small
    grid (:class:`KernelGridSearch`); no test data are involved.

    Returns
    -------
    dict of str to (estimator, bool)
        Model name to (unfitted model, whether it needs ``forces=``).

    Notes
    -----
    *Grid floors.* The data are noise-free, so the searches pick the
    smallest alpha of their grid on almost every training set (see
    ``at_grid_edge_``): the floor sets the accuracy. A floor also sets how
    much rounding decides a fit, through the condition number of
    ``K + alpha I``. Each floor is chosen by what it costs against what it
    risks, both measured (``benchmarks/accuracy_floors.py``, results in
    ``benchmarks/ACCURACY_NOTES.md``): a higher floor costs accuracy on every
    machine; a lower floor lets the rounding differences between machines
    (thread counts, NumPy's SIMD loops, BLAS kernels, a 1e-13 change of the
    data) change the chosen model and the error of single training sets.
    At these floors the mean test error over many training sets moves by a
    few percent at most under those variations, the error of one training
    set by more; so the notebooks quote means, medians and orders of
    magnitude, and pin bounds rather than digits. Near-ties go to the larger
    alpha (``tie_rtol``). Solving by one eigendecomposition of ``K`` per
    length scale instead of one Cholesky factorisation per grid point gives
    the same spread: the conditioning of the problem, not the factorisation,
    sets it. The energy + force grid ends at 1e-10 because with
    ``energies="one"`` the search fixes ``alpha_energy`` at its largest value
    (leave-one-out cannot see it), and the one energy that sets the energy
    zero is fitted only to that accuracy. The seed's models keep their fixed
    ``alpha``.

    Examples
    --------
    >>> zoo = model_zoo()
    >>> zoo["Gaussian on r^-6, energies + forces"][1]
    True
    """
    alphas = list(_ENERGY_ALPHAS)
    length_scales = {
        "r": np.geomspace(0.02, 1.0, 14),
        "1/r": np.geomspace(0.05, 3.0, 14),
        "r^-6": np.geomspace(0.1, 30.0, 14),
    }

    def searched(representation, prior=None):
        grid = {"length_scale": length_scales[representation], "alpha": alphas}
        model = GaussianKernelRidge(representation=representation, prior=prior)
        return KernelGridSearch(model, grid)

    def with_forces(energies):
        grid = {
            "length_scale": np.geomspace(0.3, 30.0, 10),
            "alpha_energy": list(_FORCE_ALPHAS),
            "alpha_force": list(_FORCE_ALPHAS),
        }
        return KernelGridSearch(
            EnergyForceKernelRidge(representation="r^-6", energies=energies), grid
        )

    return {
        "seed: Laplacian on r": (LaplacianKernelRidge(length_scale=0.1, alpha=1e-9), False),
        "seed: Laplacian on r + wall prior": (
            LaplacianKernelRidge(length_scale=0.1, alpha=1e-9, prior=LinearWallPrior()),
            False,
        ),
        "Gaussian on r": (searched("r"), False),
        "Gaussian on 1/r": (searched("1/r"), False),
        "Gaussian on r^-6": (searched("r^-6"), False),
        "Gaussian on 1/r + fitted C r^-12 prior": (searched("1/r", InversePowerPrior()), False),
        "Gaussian on r^-6, energies + forces": (with_forces("all"), True),
        "Gaussian on r^-6, forces + one energy": (with_forces("one"), True),
    }


# ---------------------------------------------------------------------------
# 08 Learning with forces
# ---------------------------------------------------------------------------


class KernelBlocks(NamedTuple):
    """The four covariance blocks of energies ``U`` and forces ``F = -dU/dr``.

    Returned by :meth:`EnergyForceKernelRidge.kernel_blocks`; each block has
    shape (n_a, n_b).

    Examples
    --------
    >>> blocks = EnergyForceKernelRidge().kernel_blocks([[1.0]], [[1.2]])
    >>> blocks._fields
    ('energy_energy', 'energy_force', 'force_energy', 'force_force')
    """

    energy_energy: np.ndarray
    """``cov(U(a), U(b)) = k(a, b)``"""
    energy_force: np.ndarray
    """``cov(U(a), F(b)) = -dk/db``"""
    force_energy: np.ndarray
    """``cov(F(a), U(b)) = -dk/da``"""
    force_force: np.ndarray
    """``cov(F(a), F(b)) = d2k/(da db)``"""


class EnergyForceKernelRidge(_GaussianProcessMixin, RegressorMixin, BaseEstimator):
    """Gaussian-kernel regression on energies *and* forces (gradient-domain kernel learning).

    Energies ``U`` and forces ``F = -dU/dr`` are jointly Gaussian when ``U`` is:
    with the Gaussian kernel ``k`` on the feature ``z = g(r)``,

    - ``cov(U(a), U(b)) = k(a, b)``,
    - ``cov(U(a), F(b)) = -dk/dr_b``,
    - ``cov(F(a), F(b)) = d2k/(dr_a dr_b)``,

    and one Gram matrix with these three blocks (and a ridge term on each
    diagonal block) is solved by Cholesky. Predictions of energy and force use
    the same weights.

    Parameters
    ----------
    length_scale : float, default=0.3
        Length scale of the Gaussian kernel, in units of the representation.
    alpha_energy, alpha_force : float, default=1e-10
        Ridge terms on the energy and force blocks.
    representation : {"r", "1/r", "r^-6"}, default="r"
        Feature of the distance that the kernel compares.
    energies : {"all", "one"}, default="all"
        ``"one"`` trains on the first energy only (to fix the energy zero) and
        on all the forces: learning a potential from forces.

    Attributes
    ----------
    dual_coef_ : ndarray of shape (n_energies + n_forces,)
        Weights of the energies, then of the forces.
    X_fit_, X_force_fit_ : ndarray of shape (n, 1)
        Distances of the training energies and forces.
    cholesky_ : ndarray
        Lower Cholesky factor of the block Gram matrix.
    amplitude_, log_marginal_likelihood_ : float
        As for :class:`GaussianKernelRidge`.
    loo_mae_ : float
        Exact leave-one-configuration-out error. ``energies="all"``: the mean
        absolute energy error at each configuration when its energy *and* its
        force are left out (all observations at one distance form a
        configuration), from the block identity ``r_I = ([G^-1]_II)^-1 [G^-1 t]_I``
        (Rasmussen & Williams 2006, eq. 5.12 for blocks). ``energies="one"``:
        the mean absolute force error when each force is left out in turn; the
        one energy that fixes the energy zero stays in every fit.

    See Also
    --------
    sklearn.gaussian_process.GaussianProcessRegressor : energies only; it has
        no derivative observations.

    Examples
    --------
    >>> X, y = dimer_dataset(n_points=20)
    >>> forces = lennard_jones_force(X[:, 0])
    >>> model = EnergyForceKernelRidge(length_scale=3.0, alpha_energy=1e-8, alpha_force=1e-8,
    ...                                representation="r^-6").fit(X, y, forces=forces)
    >>> bool(model.loo_mae_ < 1e-2)
    True
    """

    regularisation_params = ("alpha_force", "alpha_energy", "length_scale")

    def __init__(
        self,
        *,
        length_scale=0.3,
        alpha_energy=1e-10,
        alpha_force=1e-10,
        representation="r",
        energies="all",
    ):
        self.length_scale = length_scale
        self.alpha_energy = alpha_energy
        self.alpha_force = alpha_force
        self.representation = representation
        self.energies = energies

    def kernel_blocks(self, A, B):
        """Covariances of energies and forces between two sets of distances.

        Parameters
        ----------
        A : array_like of shape (n_a, 1)
        B : array_like of shape (n_b, 1)
            Distances.

        Returns
        -------
        KernelBlocks
            Named blocks ``energy_energy``, ``energy_force``, ``force_energy``
            and ``force_force``, each of shape (n_a, n_b).

        Notes
        -----
        Derivative observations of a Gaussian process (Rasmussen & Williams
        2006, section 9.4): the covariance of a derivative is the derivative of
        the covariance. With ``z = g(r)`` and the chain rule ``dk/dr = dk/dz g'(r)``.
        ``sklearn.gaussian_process.kernels.RBF(...)(X, eval_gradient=True)`` gives
        gradients with respect to the hyperparameters, not to the inputs, so the
        blocks are written out here.

        Examples
        --------
        >>> blocks = EnergyForceKernelRidge(length_scale=1.0).kernel_blocks([[1.0]], [[1.0]])
        >>> float(blocks.energy_energy[0, 0]), float(blocks.force_force[0, 0])
        (1.0, 1.0)
        """
        _check_length_scale(self.length_scale)
        _check_representation(self.representation)
        A = _check_distance_matrix(A, "A", allow_empty=True)[:, 0]
        B = _check_distance_matrix(B, "B", allow_empty=True)[:, 0]
        ell2 = self.length_scale**2
        za = _represent(A, self.representation, "A")[:, None]
        zb = _represent(B, self.representation, "B")[None, :]
        d = za - zb
        k = _bump(d**2, self.length_scale)
        sa = _represent(A, self.representation, "A", slope=True)[:, None]
        sb = _represent(B, self.representation, "B", slope=True)[None, :]
        # R&W (2006), section 9.4: covariances of derivatives are derivatives of k.
        uf = -k * d / ell2 * sb  # cov(U(a), F(b)) = -dk/dr_b
        fu = k * d / ell2 * sa  # cov(F(a), U(b)) = -dk/dr_a
        ff = k * (1.0 / ell2 - d**2 / ell2**2) * sa * sb
        return KernelBlocks(k, uf, fu, ff)

    @_keeps_old_fit_on_error
    def fit(self, X, y, X_force=None, forces=None):
        """Fit to energies ``y`` at ``X`` and, optionally, forces at ``X_force``.

        Parameters
        ----------
        X : array_like of shape (n_energies, 1)
            Distances of the energies (and of the forces, by default).
        y : array_like of shape (n_energies,)
            Energies.
        X_force : array_like of shape (n_forces, 1), optional
            Where the forces were measured; defaults to ``X``.
        forces : array_like of shape (n_forces,), optional
            Forces ``-dU/dr``. With forces, one energy is enough to fix the
            energy zero.

        Returns
        -------
        self

        Examples
        --------
        >>> X, y = dimer_dataset(n_points=10)
        >>> forces = lennard_jones_force(X[:, 0])
        >>> model = EnergyForceKernelRidge(length_scale=3.0, alpha_energy=1e-8, alpha_force=1e-8,
        ...                                representation="r^-6").fit(X, y, forces=forces)
        >>> model.dual_coef_.shape
        (20,)
        """
        X, y, X_force, forces = self._check_fit_inputs(X, y, X_force, forces)
        ee = self.kernel_blocks(X, X).energy_energy
        ef = self.kernel_blocks(X, X_force).energy_force
        ff = self.kernel_blocks(X_force, X_force).force_force
        n_e, n_f = X.shape[0], X_force.shape[0]
        G = np.block(
            [
                [ee + self.alpha_energy * np.eye(n_e), ef],
                [ef.T, ff + self.alpha_force * np.eye(n_f)],
            ]
        )
        L = _cholesky(G)
        target = np.concatenate([y, forces])
        self.dual_coef_ = cho_solve((L, True), target)
        self.X_fit_, self.X_force_fit_, self.cholesky_ = X, X_force, L
        self.amplitude_, self.log_marginal_likelihood_ = _evidence(
            target, target @ self.dual_coef_, np.log(np.diag(L)).sum()
        )
        residuals = _loo_residuals(L, self.dual_coef_, self._loo_groups())
        self.loo_mae_ = _mean_abs(residuals[self._loo_scored()])
        self._remember_fit_params()
        return self

    def _check_fit_inputs(self, X, y, X_force, forces):
        """Check parameters and training arrays; return (X, y, X_force, forces) to fit."""
        _check_length_scale(self.length_scale)
        _check_positive_real(self.alpha_energy, "alpha_energy", allow_zero=True)
        _check_positive_real(self.alpha_force, "alpha_force", allow_zero=True)
        _check_representation(self.representation)
        if self.energies not in ("all", "one"):
            raise ValueError(f"energies must be 'all' or 'one', got {self.energies!r}.")
        if forces is None and (self.energies == "one" or X_force is not None):
            raise ValueError(
                "energies='one' learns from forces: pass forces to fit."
                if self.energies == "one"
                else "X_force was given without forces."
            )
        _check_array_like(X, "X")
        X, y = validate_data(self, X, _check_targets(y, "y"), dtype=float, y_numeric=True)
        X = _check_distance_matrix(X, "X")
        if forces is None:
            _check_two_samples(X)
            return X, y, np.empty((0, 1)), np.empty(0)
        X_force, forces = _check_energies(X if X_force is None else X_force, forces,
                                          "X_force", "forces")  # fmt: skip
        _check_two_samples(X_force if self.energies == "one" else X)
        n_obs = X.shape[0] + X_force.shape[0]
        _check_work(n_obs**2, f"the Gram matrix of {n_obs} energies and forces")
        if self.energies == "one":
            X, y = X[:1], y[:1]
        return X, y, X_force, forces

    def search_blind_params(self, criterion):
        """``{"alpha_energy"}`` for ``criterion="loo"`` with ``energies="one"``, else none.

        Then the leave-one-out error scores forces only, and the one energy
        stays in every fit (see :class:`KernelGridSearch`).

        Parameters
        ----------
        criterion : {"loo", "marginal_likelihood"}
            The search's criterion.

        Returns
        -------
        set of str
        """
        return {"alpha_energy"} if criterion == "loo" and self.energies == "one" else set()

    def _loo_groups(self):
        """Observations left out together by ``loo_mae_`` (indices into energies then forces).

        ``energies="all"``: a configuration, all observations at one distance
        (its energy and its force). ``energies="one"``: each force alone; the
        single energy that fixes the energy zero stays in every fit.
        """
        n_e = self.X_fit_.shape[0]
        if self.energies == "one":
            return [np.array([n_e + k]) for k in range(self.X_force_fit_.shape[0])]
        where = np.concatenate([self.X_fit_[:, 0], self.X_force_fit_[:, 0]])
        _, config = np.unique(where, return_inverse=True)
        return [np.flatnonzero(config == c) for c in range(config.max() + 1)]

    def _loo_scored(self):
        """Which observations ``loo_mae_`` averages: energies, or forces for ``energies="one"``."""
        n_e = self.X_fit_.shape[0]
        return slice(n_e, None) if self.energies == "one" else slice(0, n_e)

    def _predict_blocks(self, X):
        self._check_fit_current()
        _check_array_like(X, "X")
        X = _check_distance_matrix(validate_data(self, X, reset=False, dtype=float), "X")
        n_e = self.X_fit_.shape[0]
        to_energies = self.kernel_blocks(X, self.X_fit_)
        to_forces = self.kernel_blocks(X, self.X_force_fit_)
        uu, fu = to_energies.energy_energy, to_energies.force_energy
        uf, ff = to_forces.energy_force, to_forces.force_force
        c_e, c_f = self.dual_coef_[:n_e], self.dual_coef_[n_e:]
        return uu @ c_e + uf @ c_f, fu @ c_e + ff @ c_f, np.hstack([uu, uf])

    def predict(self, X, return_std=False):
        """Predict energies at distances ``X`` of shape (n_samples, 1).

        Parameters
        ----------
        X : array_like of shape (n_samples, 1)
            Distances.
        return_std : bool, default=False
            Also return the Gaussian-process posterior standard deviation of
            the noise-free energy, ``amplitude_ * sqrt(1 - k*^T G^-1 k*)`` with
            ``k*`` the covariances of the energy at ``X`` with every training
            energy and force (Rasmussen & Williams 2006, Algorithm 2.1, lines 5-6).

        Returns
        -------
        ndarray of shape (n_samples,), or a tuple (mean, std) of two
        """
        energy, _, k_star = self._predict_blocks(X)
        if not return_std:
            return energy
        return energy, _posterior_std(self.amplitude_, self.cholesky_, k_star)

    def predict_forces(self, X):
        """Predict forces ``-dU/dr`` at distances ``X``.

        Parameters
        ----------
        X : array_like of shape (n_samples, 1)
            Distances.

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        return self._predict_blocks(X)[1]


# ---------------------------------------------------------------------------
# 09 Clusters and pair-additive models
# ---------------------------------------------------------------------------


def cluster_energy(positions, *, epsilon=1.0, sigma=1.0):
    """Total LJ energy of a cluster, the sum of the pair energies over all atom pairs.

    Parameters
    ----------
    positions : array_like of shape (n_atoms, 3)
        Atom positions, in units of sigma.
    epsilon, sigma : float, default=1.0
        Lennard-Jones parameters.

    Returns
    -------
    float

    See Also
    --------
    ase.calculators.lj.LennardJones : the same energy (with ``rc`` large enough
        and ``smooth=False``) as an ASE calculator.

    Examples
    --------
    >>> round(cluster_energy(lj_cluster_minimum(7)), 4)
    -16.5054
    """
    _check_lj_params(epsilon, sigma)
    return float(
        np.sum(lennard_jones(pdist(_check_positions(positions)), epsilon=epsilon, sigma=sigma))
    )


def cluster_forces(positions, *, epsilon=1.0, sigma=1.0):
    """LJ forces on the atoms of a cluster, ``-dE/dx``.

    Parameters
    ----------
    positions : array_like of shape (n_atoms, 3)
        Atom positions, in units of sigma.
    epsilon, sigma : float, default=1.0
        Lennard-Jones parameters.

    Returns
    -------
    ndarray of shape (n_atoms, 3)

    Examples
    --------
    >>> forces = cluster_forces(lj_cluster_minimum(7))
    >>> forces.shape, bool(np.abs(forces.sum(axis=0)).max() < 1e-12)  # no net force
    ((7, 3), True)
    """
    _check_lj_params(epsilon, sigma)
    positions = _check_positions(positions)
    diff = positions[:, None, :] - positions[None, :, :]
    r = np.linalg.norm(diff, axis=-1)
    np.fill_diagonal(r, np.inf)
    # pair force along the separation: F(r) (x_i - x_j) / r, summed over partners j
    magnitude = np.where(
        np.isinf(r),
        0.0,
        lennard_jones_force(np.where(np.isinf(r), 1.0, r), epsilon=epsilon, sigma=sigma),
    )
    if not np.all(np.isfinite(magnitude)):
        raise ValueError(
            f"a pair force overflows: the closest pair ({r.min():g}) is far inside sigma="
            f"{sigma!r}, where (sigma/r)^6 exceeds the float range; check sigma and positions."
        )
    return np.sum((magnitude / r)[:, :, None] * diff, axis=1)


def lj_cluster_minimum(n_atoms):
    """Return the LJ7 (pentagonal bipyramid) or LJ13 (icosahedron) global minimum.

    Built from the ideal geometry and relaxed with L-BFGS on the analytic forces.

    Parameters
    ----------
    n_atoms : {7, 13}
        Cluster size.

    Returns
    -------
    ndarray of shape (n_atoms, 3)
        Positions, in units of sigma. Energies: -16.5054 (LJ7) and -44.3268
        epsilon (LJ13).

    Examples
    --------
    >>> round(cluster_energy(lj_cluster_minimum(13)), 4)
    -44.3268
    """
    n_atoms = _check_int(n_atoms, "n_atoms", min_val=2)
    if n_atoms == 7:
        angles = 2 * np.pi * np.arange(5) / 5
        ring = np.column_stack([0.95 * np.cos(angles), 0.95 * np.sin(angles), np.zeros(5)])
        start = np.vstack([ring, [[0, 0, 0.56]], [[0, 0, -0.56]]])
    elif n_atoms == 13:
        phi = (1 + np.sqrt(5)) / 2
        v = [(0, s1, s2 * phi) for s1 in (-1, 1) for s2 in (-1, 1)]
        vertices = np.array([np.roll(p, k) for p in v for k in range(3)], dtype=float)
        start = np.vstack([[[0.0, 0.0, 0.0]], vertices * 1.1 / np.sqrt(1 + phi**2)])
    else:
        raise ValueError(f"known minima: n_atoms = 7 or 13, got {n_atoms}.")

    def energy_and_gradient(flat):
        pos = flat.reshape(-1, 3)
        return cluster_energy(pos), -cluster_forces(pos).ravel()

    result = minimize(energy_and_gradient, start.ravel(), jac=True, method="L-BFGS-B",
                      options={"gtol": 1e-10, "maxiter": 2000})  # fmt: skip
    return result.x.reshape(-1, 3)


def random_clusters(n_clusters, n_atoms, *, kind="perturbed", noise=0.1, min_distance=0.85,
                    random_state=0):  # fmt: skip
    """Seeded random LJ clusters with no two atoms closer than ``min_distance``.

    Parameters
    ----------
    n_clusters : int
        Number of clusters, >= 1.
    n_atoms : int
        Atoms per cluster (7 or 13 for ``kind="perturbed"``).
    kind : {"perturbed", "compact"}, default="perturbed"
        ``"perturbed"``: the LJ7 or LJ13 minimum with Gaussian noise of standard
        deviation ``noise`` on every coordinate. ``"compact"``: atoms placed one
        by one, uniformly in a sphere of close-packed volume.
    noise : float, default=0.1
        In units of sigma, >= 0.
    min_distance : float, default=0.85
        In units of sigma, >= 0.
    random_state : int or None, default=0
        Seed. A ``numpy.random.Generator`` is refused: it would be consumed,
        so rerunning a cell would give different clusters.

    Returns
    -------
    list of ndarray of shape (n_atoms, 3)

    Raises
    ------
    ValueError
        When ``min_distance`` cannot be met (checked first, and again after a
        capped number of attempts), instead of looping for ever.

    Examples
    --------
    >>> clusters = random_clusters(3, 7, random_state=0)
    >>> len(clusters), clusters[0].shape
    (3, (7, 3))
    """
    n_clusters = _check_int(n_clusters, "n_clusters", min_val=1)
    n_atoms = _check_int(n_atoms, "n_atoms", min_val=2)
    if kind not in ("perturbed", "compact"):
        raise ValueError(f"kind must be 'perturbed' or 'compact', got {kind!r}.")
    noise = _check_real(noise, "noise", min_val=0, include_min=True)
    min_distance = _check_real(min_distance, "min_distance", min_val=0, include_min=True)
    rng = np.random.default_rng(_check_seed(random_state))
    if kind == "perturbed":
        draw, max_attempts = _perturbed_draw(n_atoms, noise, min_distance), 1000 + 100 * n_clusters
    else:
        draw, max_attempts = _compact_draw(n_atoms, min_distance), 100 + 10 * n_clusters
    clusters = []
    for _ in range(max_attempts):
        if len(clusters) == n_clusters:
            break
        candidate = draw(rng)
        if candidate is not None and np.min(pdist(candidate)) >= min_distance:
            clusters.append(candidate)
    if len(clusters) < n_clusters:
        raise ValueError(
            f"only {len(clusters)} of {n_clusters} clusters had no two atoms closer than "
            f"min_distance={min_distance} after {max_attempts} attempts; lower min_distance"
            + (" or raise noise." if kind == "perturbed" else ".")
        )
    return clusters


def _perturbed_draw(n_atoms, noise, min_distance):
    """Return a function ``rng -> cluster``: the LJ7 or LJ13 minimum plus Gaussian noise."""
    if n_atoms not in (7, 13):
        raise ValueError(f"kind='perturbed' needs n_atoms = 7 or 13 (known minima), got {n_atoms}.")
    minimum = lj_cluster_minimum(n_atoms)
    closest = np.min(pdist(minimum))
    if closest + 6 * noise < min_distance:
        raise ValueError(
            f"min_distance={min_distance} is out of reach: the minimum's closest pair is "
            f"{closest:.3f} sigma and noise={noise} cannot move atoms apart "
            "enough. Lower min_distance or raise noise."
        )
    return lambda rng: minimum + rng.normal(0.0, noise, minimum.shape)


def _compact_draw(n_atoms, min_distance):
    """Return a function ``rng -> cluster or None``: atoms placed one by one in a sphere.

    Each atom is drawn uniformly in a sphere of close-packed volume and kept
    when it is at least ``min_distance`` from the atoms already placed; None
    when the sphere fills up before ``n_atoms`` are placed.
    """
    radius = 0.62 * n_atoms ** (1 / 3) + 0.3
    # Random sequential placement jams near a packing fraction of 0.38 (Feder 1980).
    if n_atoms * (min_distance / 2) ** 3 > 0.38 * (radius + min_distance / 2) ** 3:
        raise ValueError(
            f"{n_atoms} atoms at least min_distance={min_distance} apart do not fit in the "
            f"compact sphere of radius {radius:.2f} sigma; lower min_distance (default 0.85)."
        )

    def draw(rng):
        candidate = np.empty((0, 3))
        for _ in range(200 * n_atoms):
            if len(candidate) == n_atoms:
                break
            point = rng.uniform(-radius, radius, 3)
            if np.linalg.norm(point) > radius:
                continue
            if len(candidate) and np.min(np.linalg.norm(candidate - point, axis=1)) < min_distance:
                continue
            candidate = np.vstack([candidate, point])
        return candidate if len(candidate) == n_atoms else None

    return draw


def pair_distance_table(clusters):
    """Pair distances of each cluster, one row per cluster, padded with NaN.

    The model input for :class:`PairAdditiveKernelRidge`.

    Parameters
    ----------
    clusters : list of array_like of shape (n_atoms, 3)
        Clusters, possibly of different sizes.

    Returns
    -------
    ndarray of shape (n_clusters, largest number of pairs)

    Examples
    --------
    >>> pair_distance_table(random_clusters(2, 7)).shape  # 7 atoms: 21 pairs
    (2, 21)
    """
    _check_array_like(clusters, "clusters")
    if isinstance(clusters, np.ndarray) and clusters.ndim == 2:
        raise TypeError("clusters must be a list of (n_atoms, 3) arrays; wrap one cluster in [ ].")
    if len(clusters) == 0:
        raise ValueError("clusters is empty: give at least one cluster.")
    rows = [pdist(_check_positions(c)) for c in clusters]
    table = np.full((len(rows), max(len(r) for r in rows)), np.nan)
    for i, row in enumerate(rows):
        table[i, : len(row)] = row
    return table


class PairAdditiveKernelRidge(_GaussianProcessMixin, RegressorMixin, BaseEstimator):
    """Kernel ridge regression of total energies with a pair-additive kernel.

    ``K(A, B) = sum_{i in pairs(A)} sum_{j in pairs(B)} k(r_i, r_j)`` with the
    smooth pair kernel ``k(r, r') = sum_m g_m(z) g_m(z')``: Gaussian bumps
    ``g_m`` of width ``length_scale`` centred on ``n_basis`` points spanning
    ``r_range`` in the feature ``z`` of the distance. (For dense centres this is
    a Gaussian kernel of width ``sqrt(2) length_scale``.) Then the kernel is a
    dot product of per-cluster sums ``Phi(A) = sum_i g(z_i)``, which makes the
    Gram matrix one matrix product, and the learned energy is a sum of a
    learned pair potential over the pairs.

    Parameters
    ----------
    length_scale : float, default=0.05
        Width of the basis bumps, in units of the representation.
    alpha : float, default=1e-8
        Ridge term, > 0.
    n_basis : int, default=80
        Number of basis functions, >= 1.
    r_range : (float, float), default=(0.75, 3.0)
        Distances ``0 < r_min < r_max`` that the centres span.
    representation : {"r", "1/r", "r^-6"}, default="1/r"
        Feature of the distance that the basis is laid out in.

    Attributes
    ----------
    pair_weights_ : ndarray of shape (n_basis,)
        The learned pair potential is ``u(r) = g(z(r)) @ pair_weights_``.
    singular_values_ : ndarray of shape (min(n_train, n_basis),)
        Singular values of ``Phi``; ``cond(Phi) = s[0] / s[-1]``.
    distance_range_ : (float, float)
        Smallest and largest training pair distance. Below the smallest, the
        learned pair potential is an extrapolation (:class:`KernelCalculator`
        flags it).
    amplitude_, log_marginal_likelihood_, loo_mae_ : float
        As for :class:`GaussianKernelRidge` (exact, from the SVD).

    Examples
    --------
    >>> clusters = random_clusters(40, 7, random_state=0)
    >>> D = pair_distance_table(clusters)
    >>> E = np.array([cluster_energy(c) for c in clusters])
    >>> model = PairAdditiveKernelRidge(length_scale=0.04, alpha=1e-6).fit(D[:30], E[:30])
    >>> bool(np.mean(np.abs(model.predict(D[30:]) - E[30:])) < 0.05)
    True
    """

    def __init__(self, *, length_scale=0.05, alpha=1e-8, n_basis=80, r_range=(0.75, 3.0),
                 representation="1/r"):  # fmt: skip
        self.length_scale = length_scale
        self.alpha = alpha
        self.n_basis = n_basis
        self.r_range = r_range
        self.representation = representation

    def _centres(self):
        """Check the basis parameters; return the ``n_basis`` centres in feature space."""
        _check_representation(self.representation)
        n_basis = _check_int(self.n_basis, "n_basis", min_val=1)
        _check_work(n_basis, f"n_basis={n_basis}", "use a smaller n_basis")
        _check_length_scale(self.length_scale)
        r_range = np.asarray(self.r_range, dtype=float) if _is_pair(self.r_range) else None
        if r_range is None or not (np.all(np.isfinite(r_range)) and 0 < r_range[0] < r_range[1]):
            raise ValueError(
                f"r_range must be two finite distances 0 < r_min < r_max, got {self.r_range!r}."
            )
        ends = _represent(r_range, self.representation, "r_range")
        return np.linspace(*sorted(ends), n_basis)

    def _bumps(self, r):
        """Basis values ``g_m(z(r))`` and offsets ``z(r) - c_m`` (NaN where ``r`` is NaN)."""
        offset = _represent(r, self.representation)[..., None] - self._centres()
        return _bump(offset**2, self.length_scale), offset

    def basis(self, r):
        """Basis functions ``g_m(z(r))`` of the pair kernel at distances ``r``.

        Parameters
        ----------
        r : array_like
            Distances, any shape; NaN entries (missing pairs) give zeros.

        Returns
        -------
        ndarray of shape ``r.shape + (n_basis,)``

        Examples
        --------
        >>> PairAdditiveKernelRidge(n_basis=5).basis(np.array([1.0, np.nan])).shape
        (2, 5)
        """
        return np.nan_to_num(self._bumps(np.asarray(r, dtype=float))[0])

    def features(self, D):
        """Per-cluster sums of the basis over all pairs, ``Phi``.

        Parameters
        ----------
        D : array_like of shape (n_clusters, n_pairs)
            Rows of :func:`pair_distance_table`.

        Returns
        -------
        ndarray of shape (n_clusters, n_basis)
        """
        D = np.asarray(D, dtype=float)
        _check_work(D.size * int(self.n_basis), f"the basis of {D.size} pair distances",
                    "use fewer clusters or a smaller n_basis")  # fmt: skip
        return self.basis(D).sum(axis=1)

    def _check_pair_table(self, X, y=None, *, fit=False):
        """Validate rows of pair distances (NaN marks a missing pair), and energies to fit."""
        _check_array_like(X, "X")
        if not fit:
            X = check_array(X, dtype=float, ensure_all_finite="allow-nan")
        else:
            X, y = check_X_y(X, _check_targets(y, "y"), dtype=float, y_numeric=True,
                             ensure_all_finite="allow-nan")  # fmt: skip
        _as_distances(X[~np.isnan(X)], "X")
        return X, y

    @_keeps_old_fit_on_error
    def fit(self, X, y):
        """Fit to total energies ``y`` of clusters given by pair-distance rows ``X``.

        Parameters
        ----------
        X : array_like of shape (n_clusters, n_pairs)
            Rows of :func:`pair_distance_table` (NaN marks missing pairs).
        y : array_like of shape (n_clusters,)
            Total energies.

        Returns
        -------
        self

        Notes
        -----
        The kernel is ``Phi Phi^T`` with ``Phi = features(X)``, of rank at most
        ``n_basis``, so the dual system ``(Phi Phi^T + alpha I) c = y`` squares
        the condition number of ``Phi``. The same ridge problem in weight
        space, ``min |Phi w - y|^2 + alpha |w|^2``, is solved from the thin
        singular value decomposition ``Phi = U S V^T`` (``k = min(n, n_basis)``
        directions): ``w = V diag(s / (s^2 + alpha)) U^T y``, whose error grows
        with ``cond(Phi)`` only. The hat matrix ``H = U diag(s^2 / (s^2 +
        alpha)) U^T`` gives the exact leave-one-out residuals
        ``(y - f)_i / (1 - H_ii)``, the primal form of Rasmussen & Williams
        (2006), eq. 5.12. Directions of ``y`` outside the columns of ``U`` are
        all noise: the ridge leaves them untouched.
        """
        _check_positive_real(self.alpha, "alpha")
        self._centres()
        # Columns are a set of pairs whose number varies with the cluster size, so the
        # width of X is not fixed: check_X_y, not validate_data (no n_features_in_).
        X, y = self._check_pair_table(X, y, fit=True)
        _check_two_samples(X)
        phi = self.features(X)
        if not np.any(phi):
            raise ValueError(
                "every basis function is zero at the training distances: length_scale="
                f"{self.length_scale!r} is far below the spacing of the centres, or the "
                f"distances lie outside r_range={self.r_range!r}. Raise length_scale."
            )
        U, s, Vt = np.linalg.svd(phi, full_matrices=False)
        uy = U.T @ y
        n = y.size
        # The part of y outside the columns of U (none when n <= n_basis).
        y_rest = y - U @ uy if s.size < n else np.zeros(n)
        self.pair_weights_ = Vt.T @ (s / (s**2 + self.alpha) * uy)
        self.singular_values_ = s
        self.distance_range_ = (float(np.nanmin(X)), float(np.nanmax(X)))
        self._V, self._s2 = Vt.T, s**2
        # Evidence: y^T (K + alpha I)^-1 y and log det(K + alpha I) from the SVD.
        quad = np.sum(uy**2 / (s**2 + self.alpha)) + (y_rest @ y_rest) / self.alpha
        logdet = np.sum(np.log(s**2 + self.alpha)) + (n - s.size) * np.log(self.alpha)
        self.amplitude_, self.log_marginal_likelihood_ = _evidence(y, quad, 0.5 * logdet)
        shrink = self.alpha / (s**2 + self.alpha)  # 1 - eigenvalues of the hat matrix
        residuals = U @ (shrink * uy) + y_rest  # y - Phi w
        one_minus_h = (U**2) @ shrink  # 1 - H_ii
        if s.size < n:
            one_minus_h = one_minus_h + np.clip(1.0 - np.sum(U**2, axis=1), 0.0, None)
        self.loo_mae_ = _mean_abs(residuals / one_minus_h)
        self._remember_fit_params()
        return self

    def predict(self, X, return_std=False):
        """Total energies of clusters given by pair-distance rows ``X``.

        Parameters
        ----------
        X : array_like of shape (n_clusters, n_pairs)
            Rows of :func:`pair_distance_table`.
        return_std : bool, default=False
            Also return the Gaussian-process posterior standard deviation of
            the noise-free total energy,
            ``amplitude_ * sqrt(alpha * phi*^T (Phi^T Phi + alpha I)^-1 phi*)``
            (the dual ``k** - k*^T (K + alpha I)^-1 k*`` in weight space).

        Returns
        -------
        ndarray of shape (n_clusters,), or a tuple (mean, std) of two
        """
        self._check_fit_current()
        X, _ = self._check_pair_table(X)
        phi = self.features(X)
        mean = phi @ self.pair_weights_
        if not return_std:
            return mean
        projected = phi @ self._V
        variance = self.alpha * np.sum(projected**2 / (self._s2 + self.alpha), axis=1)
        if self._V.shape[1] < self._V.shape[0]:  # directions no training cluster spans
            rest = phi - projected @ self._V.T
            variance = variance + np.sum(rest**2, axis=1)
        return mean, self.amplitude_ * np.sqrt(variance)

    def __sklearn_tags__(self):
        """Declare the input domain (and fitting needs) to scikit-learn's checks."""
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True  # NaN marks a missing pair
        return tags

    def pair_potential(self, r):
        """Evaluate the learned pair potential ``u(r)``.

        Parameters
        ----------
        r : array_like
            Distances, strictly positive.

        Returns
        -------
        ndarray of the shape of ``r``
        """
        self._check_fit_current()
        return self.basis(_as_distances(r)) @ self.pair_weights_

    def energy_and_forces(self, positions):
        """Energy and forces ``-dE/dx`` of one cluster, from one pass over its pairs.

        The learned pair potential ``u(r) = g(z(r)) @ pair_weights_`` and its
        slope ``du/dr`` come from the same basis values; the force on atom
        ``a`` is ``sum_b c_ab (x_a - x_b)`` with ``c_ab = -u'(r_ab) / r_ab``.
        :class:`KernelCalculator` calls this at every step.

        Parameters
        ----------
        positions : array_like of shape (n_atoms, 3)
            Atom positions.

        Returns
        -------
        energy : float
            Equal to ``predict(pair_distance_table([positions]))[0]`` up to rounding.
        forces : ndarray of shape (n_atoms, 3)

        Examples
        --------
        >>> clusters = random_clusters(30, 7, random_state=0)
        >>> E = [cluster_energy(c) for c in clusters]
        >>> model = PairAdditiveKernelRidge(alpha=1e-6).fit(pair_distance_table(clusters), E)
        >>> energy, forces = model.energy_and_forces(clusters[0])
        >>> forces.shape, bool(np.abs(forces.sum(axis=0)).max() < 1e-9)  # no net force
        ((7, 3), True)
        """
        self._check_fit_current()
        positions = _check_positions(positions)
        i, j = np.triu_indices(len(positions), 1)
        diff = positions[i] - positions[j]
        r = np.sqrt(np.einsum("pk,pk->p", diff, diff))
        g, offset = self._bumps(r)
        weights = self.pair_weights_
        energy = float(g.sum(axis=0) @ weights)
        slope = _represent(r, self.representation, "positions", slope=True)
        du_dr = -((g * offset) @ weights) / self.length_scale**2 * slope
        coupling = np.zeros((len(positions), len(positions)))
        coupling[i, j] = coupling[j, i] = -du_dr / r
        return energy, coupling.sum(axis=1)[:, None] * positions - coupling @ positions

    def predict_forces(self, positions):
        """Predict the forces on the atoms of one cluster, ``-dE/dx`` of the learned energy.

        Parameters
        ----------
        positions : array_like of shape (n_atoms, 3)
            Atom positions.

        Returns
        -------
        ndarray of shape (n_atoms, 3)
            The forces of :meth:`energy_and_forces`.
        """
        return self.energy_and_forces(positions)[1]


# ---------------------------------------------------------------------------
# 10 The learned potential at work: an ASE calculator
# ---------------------------------------------------------------------------


class KernelCalculator(Calculator):
    """An ASE calculator that runs a fitted :class:`PairAdditiveKernelRidge`.

    Plug a learned pair potential into ASE's optimisers (``BFGS``, ``FIRE``)
    and molecular dynamics (``VelocityVerlet``, ``Langevin``) the way
    machine-learned potentials (MACE, NequIP, GAP, ...) are used in practice.

    Parameters
    ----------
    model : PairAdditiveKernelRidge or KernelGridSearch
        A fitted pair-additive model, or a fitted ``KernelGridSearch`` whose
        ``best_estimator_`` is one (then that best estimator is used).
    **kwargs
        Passed to :class:`ase.calculators.calculator.Calculator`.

    Attributes
    ----------
    model : PairAdditiveKernelRidge
        The wrapped (best) estimator.
    implemented_properties : list of str
        The results it computes, in ``calc.results`` after a calculation:

        - ``"energy"`` (float): the model's total energy, equal to
          ``model.predict(pair_distance_table([positions]))`` (eV = epsilon);
        - ``"forces"`` (ndarray of shape (n_atoms, 3)): minus the gradient of
          that energy, equal to ``model.predict_forces(positions)``. Both come
          from one vectorised pass over the pairs (no Python loop);
        - ``"energy_std"`` (float): the model's predictive standard deviation
          of the total energy, ``model.predict(..., return_std=True)``;
          computed only when asked for, with
          ``calc.get_property("energy_std", atoms)``.

        Every calculation also stores ``"min_distance"`` (float, the closest
        pair) and ``"below_training_range"`` (bool: closer than every
        training pair, ``model.distance_range_[0]``; the learned potential
        is then an extrapolation and can be far too low).

    Notes
    -----
    Units. The series works in reduced Lennard-Jones units; they map onto
    ASE's (eV, Angstrom, amu) by taking ``epsilon = 1 eV``, ``sigma = 1 A`` and
    the atomic mass ``m = 1 amu`` (``Atoms("X13", masses=[1.0] * 13)`` or set
    ``atoms.set_masses``). ASE's internal time unit, ``A sqrt(amu / eV)``, is
    then exactly the LJ time ``tau = sigma sqrt(m / epsilon)``, so
    ``VelocityVerlet(atoms, timestep=0.005)`` takes steps of 0.005 tau; and
    ``k_B T`` in eV is the reduced temperature ``k_B T / epsilon`` (pass
    ``temperature_K=T / ase.units.kB`` to ASE's thermostats).

    Only isolated clusters: the model has no periodic images, so atoms with
    any periodic direction are refused (``ValueError``). An unfitted model
    raises scikit-learn's ``NotFittedError``; any other model ``TypeError``.

    Examples
    --------
    >>> from ase import Atoms
    >>> atoms = Atoms("X13", positions=lj_cluster_minimum(13), masses=[1.0] * 13)
    >>> atoms.calc = KernelCalculator(fitted_model)  # doctest: +SKIP
    >>> atoms.get_potential_energy()  # doctest: +SKIP
    """

    implemented_properties = ["energy", "forces", "energy_std"]
    nolabel = True

    def __init__(self, model, **kwargs):
        if isinstance(model, type):
            raise TypeError(
                f"KernelCalculator needs a fitted model instance, got the class {model.__name__}."
            )
        if isinstance(model, KernelGridSearch):
            check_is_fitted(model)
        if not isinstance(getattr(model, "best_estimator_", model), PairAdditiveKernelRidge):
            raise TypeError(
                "KernelCalculator needs a fitted PairAdditiveKernelRidge (or a fitted "
                f"KernelGridSearch over one); got {type(model).__name__}. Dimer models "
                "cannot give the energy of a cluster."
            )
        check_is_fitted(getattr(model, "best_estimator_", model))
        super().__init__(**kwargs)
        self._source = model
        self._fit_state = None

    @property
    def model(self):
        """The wrapped pair-additive model (the search's current best estimator)."""
        return getattr(self._source, "best_estimator_", self._source)

    def _model_state(self):
        """Return what the results depend on besides the atoms: fitted weights, parameters."""
        model = self.model
        return model, model.pair_weights_, model.get_params()

    def check_state(self, atoms, tol=1e-15):
        """Return what changed since the last calculation, compared exactly.

        ASE's generic check compares every array (charges and magnetic moments
        too) with ``numpy.isclose`` and costs more than this model's energy and
        forces. This model depends only on positions, atomic numbers, cell and
        pbc, and those are compared bit for bit; a refit (or ``set_params``) of
        the model since the last calculation counts as a change too.
        """
        old = self.atoms
        if old is None or len(old) != len(atoms):
            return super().check_state(atoms, tol=tol)
        checks = {
            "positions": (old.positions, atoms.positions),
            "numbers": (old.numbers, atoms.numbers),
            "cell": (old.cell.array, atoms.cell.array),
            "pbc": (old.pbc, atoms.pbc),
        }
        changed = [name for name, (a, b) in checks.items() if not np.array_equal(a, b)]
        if not self._same_model_state():
            changed.append("model")
        return changed

    def _same_model_state(self):
        if self._fit_state is None:
            return True
        (model, weights, params), (old_model, old_weights, old_params) = (
            self._model_state(),
            self._fit_state,
        )
        return (
            model is old_model
            and weights is old_weights
            and all(_same_value(params[k], old_params[k]) for k in params)
        )

    def calculate(self, atoms=None, properties=("energy",), system_changes=all_changes):
        """Compute energy and forces (and ``energy_std`` when asked) for ``atoms``.

        Besides the implemented properties, ``results`` holds
        ``"min_distance"`` (the closest pair, in sigma) and
        ``"below_training_range"``: True when that pair is closer than any
        training pair (``model.distance_range_[0]``), where the learned
        potential is an extrapolation and may be far too low (notebook 10).
        """
        super().calculate(atoms, properties, system_changes)
        if np.any(self.atoms.pbc):
            raise ValueError(
                "KernelCalculator models isolated clusters, but these atoms are periodic "
                f"(pbc={self.atoms.pbc.tolist()}). Set atoms.pbc = False; the cell is then ignored."
            )
        model = self.model
        positions = self.atoms.positions
        self.results["energy"], self.results["forces"] = model.energy_and_forces(positions)
        min_distance = float(np.min(pdist(positions)))
        self.results["min_distance"] = min_distance
        self.results["below_training_range"] = min_distance < model.distance_range_[0]
        if "energy_std" in properties:
            row = pair_distance_table([positions])
            self.results["energy_std"] = float(model.predict(row, return_std=True)[1][0])
        self._fit_state = self._model_state()


# ---------------------------------------------------------------------------
# Internals: input checks
# ---------------------------------------------------------------------------

#: Largest dense array (in float64 entries, 400 MB) a helper builds; see "Sizes" above.
_MAX_ELEMENTS = 50_000_000
#: Length scales (and basis widths) outside this range under- or overflow when squared
#: (the force blocks use length_scale^4).
_LENGTH_SCALE_RANGE = (1e-50, 1e50)
#: Energies beyond this magnitude overflow the quadratic forms of the evidence.
_TARGET_RANGE = (1e-100, 1e100)
#: Plain numbers accepted for scalar parameters (Fraction and Decimal are not).
_PLAIN_REALS = (int, float, np.integer, np.floating)


def _check_real(value, name, *, min_val=None, include_min=False):
    """Check a real, finite scalar parameter (bool rejected) with ``check_scalar``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, _PLAIN_REALS):
        raise TypeError(
            f"{name} must be a real number (int or float), got {type(value).__name__} "
            f"({value!r}); pass float(value)."
        )
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}.")
    check_scalar(
        value,
        name,
        numbers.Real,
        min_val=min_val,
        include_boundaries="left" if include_min else "neither",
    )
    return float(value)


def _check_positive_real(value, name, allow_zero=False):
    return _check_real(value, name, min_val=0, include_min=allow_zero)


def _check_length_scale(value, name="length_scale"):
    """Check a length scale: positive, its square and fourth power representable."""
    value = _check_positive_real(value, name)
    low, high = _LENGTH_SCALE_RANGE
    if not low <= value <= high:
        raise ValueError(
            f"{name}={value!r} is outside [{low:g}, {high:g}]: its square under- or overflows "
            "in floating point. Use a length scale comparable to the spread of the features."
        )
    return value


def _check_int(value, name, *, min_val):
    """Check an integer parameter (bool and float rejected) with ``check_scalar``."""
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be an int, got a bool ({value!r}).")
    return int(check_scalar(value, name, numbers.Integral, min_val=min_val))


def _check_seed(random_state):
    """Accept only an int seed >= 0 or None, so that the same call gives the same numbers.

    A ``numpy.random.Generator`` would be consumed by each call, so rerunning
    a cell would give different numbers; it is rejected on purpose.
    """
    if random_state is None:
        return None
    if isinstance(random_state, (bool, np.bool_)) or not isinstance(random_state, numbers.Integral):
        raise TypeError(
            "random_state must be an int seed or None, got "
            f"{type(random_state).__name__}; pass an int (a Generator would be consumed, "
            "so a rerun would give different numbers)."
        )
    if random_state < 0:
        raise ValueError(f"random_state must be a non-negative int, got {random_state}.")
    return int(random_state)


def _check_lj_params(epsilon, sigma):
    _check_real(epsilon, "epsilon", min_val=0)
    _check_real(sigma, "sigma", min_val=0)


def _check_array_like(value, name):
    """Refuse what numpy would turn into an object or an obscure error (dict, generator, class)."""
    if hasattr(value, "dtypes") or sparse.issparse(value):
        return  # pandas and sparse inputs: check_array reports on them
    if isinstance(value, type):
        raise TypeError(f"{name} must be an array of numbers, got the class {value.__name__}.")
    if isinstance(value, (dict, set, frozenset, str, bytes)) or isinstance(
        value, collections.abc.Iterator
    ):
        raise TypeError(
            f"{name} must be an array or a list of numbers, got a {type(value).__name__}; "
            f"convert it first, e.g. np.array(list({name}))."
        )
    try:
        kind = np.asarray(value).dtype.kind
    except ValueError:
        return  # ragged (clusters of different sizes): the caller's own checks apply
    if kind == "c":
        raise ValueError(f"Complex data not supported: {name} must hold real numbers.")
    if kind in "US":
        raise TypeError(f"{name} must hold numbers, got strings ({np.asarray(value).dtype}).")


def _check_targets(y, name):
    """Refuse non-numeric targets and energies so large (or small) that the algebra overflows."""
    if y is None:
        return y  # validate_data says that y is required
    _check_array_like(y, name)
    try:
        values = np.asarray(y, dtype=float)
    except (TypeError, ValueError):
        return y  # validate_data reports what it cannot convert
    finite = np.abs(values[np.isfinite(values)])
    low, high = _TARGET_RANGE
    if finite.size and (finite.max() > high or 0 < finite.max() < low):
        raise ValueError(
            f"{name} has magnitude up to {finite.max():g}, outside [{low:g}, {high:g}] where "
            "the kernel algebra neither under- nor overflows; rescale the energies."
        )
    return y


def _check_work(n_elements, what, advice="use fewer points"):
    """Refuse (with the memory it would need) a dense array larger than ``_MAX_ELEMENTS``."""
    if n_elements > _MAX_ELEMENTS:
        raise ValueError(
            f"{what} needs about {8 * n_elements / 1e9:.1f} GB, above the "
            f"{8 * _MAX_ELEMENTS / 1e9:.1f} GB these teaching helpers allow; {advice}."
        )


def _check_instance(obj, name, methods=("fit", "predict")):
    """Check for an object (not a class) with the given methods."""
    example = f"{obj.__name__}()" if isinstance(obj, type) else None
    if example is not None:
        raise TypeError(f"{name} must be an instance such as {example}, not the class.")
    missing = [m for m in methods if not callable(getattr(obj, m, None))]
    if missing:
        raise TypeError(
            f"{name} must be an estimator with {' and '.join(methods)}; {type(obj).__name__} lacks "
            f"{', '.join(missing)}."
        )
    return obj


def _check_prior(prior):
    """None, or an object with fit(X, y) and predict(X) (a scikit-learn estimator or not)."""
    if prior is not None:
        _check_instance(prior, "prior (e.g. LinearWallPrior() or InversePowerPrior())")


def _check_prior_output(values, n_samples):
    values = np.asarray(values, dtype=float)
    if values.shape != (n_samples,) or not np.all(np.isfinite(values)):
        raise ValueError(
            f"the prior's predict must return {n_samples} finite energies, one per row of X; "
            f"got shape {values.shape}."
        )
    return values


def _prior_requires_fit(prior):
    """Whether a prior learns (its ``requires_fit`` tag; True for objects without tags)."""
    try:
        return get_tags(prior).requires_fit
    except (AttributeError, TypeError):
        return True


def _same_value(a, b):
    """Whether two parameter values are equal (numbers, strings and sequences element-wise)."""
    if a is b:
        return True
    plain = (numbers.Number, str, tuple, list, np.ndarray)
    if not (isinstance(a, plain) and isinstance(b, plain)):
        return False  # objects such as priors: the same object, or a change
    try:
        return bool(np.array_equal(np.asarray(a), np.asarray(b)))
    except (TypeError, ValueError):
        return False


def _copy_input_info(source, target):
    """Copy what validate_data recorded about the inputs (feature count and names)."""
    for name in ("n_features_in_", "feature_names_in_"):
        if hasattr(source, name):
            setattr(target, name, getattr(source, name))


def _as_distances(r, name="r"):
    """Return ``r`` as a float array, or raise if any entry is not a positive finite number."""
    _check_array_like(r, name)
    r = np.asarray(r, dtype=float)
    if not np.all(np.isfinite(r)):
        raise ValueError(f"{name} contains NaN or infinite values; distances must be finite.")
    if np.any(r <= 0):
        raise ValueError(
            f"{name} contains non-positive values (min {r.min():g}); "
            "interatomic distances must be strictly positive."
        )
    return r


def _represent(r, representation, name="X", *, slope=False):
    """Return the feature (or its slope d feature / dr) of distances ``r``, refusing overflow."""
    table = _REPRESENTATION_SLOPES if slope else REPRESENTATIONS
    with np.errstate(over="ignore", divide="ignore"):
        values = table[representation](r)
    # Features beyond 1e150 overflow when squared (kernel distances, force blocks).
    bad = ~(np.abs(values) <= 1e150) & np.isfinite(r)
    if np.any(bad):
        raise ValueError(
            f"{name} holds distances down to {np.min(r[bad]):g} sigma, where the "
            f"{representation!r} representation overflows; such distances are far outside "
            "any training data. Use larger distances or another representation."
        )
    return values


def _check_same_length(X, y, x_name, y_name):
    """``check_consistent_length`` with a message that names the arrays."""
    try:
        check_consistent_length(X, y)
    except ValueError as exc:
        raise ValueError(
            f"{y_name} must have shape ({len(X)},), one value per row of {x_name}; "
            f"got {len(y)} values."
        ) from exc


def _check_distance_matrix(X, name="X", allow_empty=False):
    """``X`` as a float array of shape (n_samples, 1) of positive finite distances."""
    _check_array_like(X, name)
    if not allow_empty and np.size(X) == 0:
        raise ValueError(f"{name} is empty: give at least one distance, shape (n_samples, 1).")
    X = check_array(X, dtype=float, ensure_2d=True, input_name=name, ensure_min_samples=0)
    if X.shape[1] != 1:
        raise ValueError(
            f"{name} must have shape (n_samples, 1), one distance per row; got {X.shape[1]} "
            "columns. Reshape a 1-D array of distances with r.reshape(-1, 1)."
        )
    return _as_distances(X, name)


def _check_kernel_inputs(A, B, length_scale):
    _check_length_scale(length_scale)
    _check_array_like(A, "A")
    _check_array_like(B, "B")
    A = check_array(A, dtype=float, input_name="A")
    B = check_array(B, dtype=float, input_name="B")
    if A.shape[1] != B.shape[1]:
        raise ValueError(f"A and B must have the same number of columns, got {A.shape[1]} "
                         f"and {B.shape[1]}.")  # fmt: skip
    _check_work(A.shape[0] * B.shape[0], f"a {A.shape[0]} x {B.shape[0]} kernel matrix")
    return A, B


def _check_representation(representation):
    if not isinstance(representation, str) or representation not in REPRESENTATIONS:
        raise ValueError(
            f"representation must be one of {sorted(REPRESENTATIONS)}, got {representation!r}."
        )


def _check_energies(X, y, x_name, y_name):
    """Distances ``X`` of shape (n, 1) and one finite value per row in ``y`` (1-D)."""
    X = _check_distance_matrix(X, x_name)
    _check_targets(y, y_name)
    y = check_array(y, dtype=float, ensure_2d=False, input_name=y_name)
    if y.ndim != 1:
        raise ValueError(
            f"{y_name} must have shape (n_samples,), one value per row of {x_name}; "
            f"got shape {y.shape}."
        )
    _check_same_length(X, y, x_name, y_name)
    return X, y


def _check_two_samples(X):
    """Raise unless there are at least two training samples (leave-one-out needs a rest)."""
    if X.shape[0] < 2:
        raise ValueError(
            f"got {X.shape[0]} sample (n_samples=1); fit needs at least 2 training points, "
            "because the model assesses itself by leaving each one out."
        )


def _check_positions(positions):
    _check_array_like(positions, "positions")
    positions = np.asarray(positions, dtype=float)
    if positions.ndim != 2 or positions.shape[1] != 3:
        raise ValueError(
            f"a cluster must be an array of shape (n_atoms, 3); got shape {positions.shape}."
        )
    if positions.shape[0] < 2:
        raise ValueError("a cluster needs at least 2 atoms to have a pair energy.")
    if not np.all(np.isfinite(positions)):
        raise ValueError("cluster coordinates contain NaN or infinite values.")
    if np.min(pdist(positions)) <= 1e-8:
        raise ValueError("two atoms of the cluster overlap (zero distance); move them apart.")
    return positions


def _is_pair(value):
    """Tell whether ``value`` is a sequence of two real numbers (not bools)."""
    return (
        isinstance(value, (tuple, list, np.ndarray))
        and len(value) == 2
        and all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in value)
    )


def _prior_distances(X, owner):
    """Return the distances of ``X`` (shape (n_samples, 1)) as a 1-D array."""
    _check_array_like(X, "X")
    if np.ndim(X) != 2:
        raise ValueError(
            f"{owner} needs X of shape (n_samples, 1), one distance per row; got shape "
            f"{np.shape(X)}. Reshape a 1-D array of distances with r.reshape(-1, 1)."
        )
    return _check_distance_matrix(X, "X")[:, 0]


def _check_axes(ax):
    if not (hasattr(ax, "errorbar") and hasattr(ax, "set_xscale")):
        raise TypeError(
            f"ax must be a matplotlib Axes (e.g. fig, ax = plt.subplots()), got "
            f"{type(ax).__name__}."
        )


def _check_curve(curve):
    if not isinstance(curve, pd.DataFrame) or not {"n_train", "mae"} <= set(curve.columns):
        raise TypeError(
            "curve must be a DataFrame with columns n_train and mae, as learning_curve returns."
        )
    if curve.empty:
        raise ValueError("curve is empty: it holds no fits.")
    n_train = np.asarray(curve["n_train"], dtype=float)
    if not np.all(np.isfinite(n_train) & (n_train == np.round(n_train))):
        raise ValueError("curve['n_train'] must hold whole numbers of training points.")


def _train_counts(train_sizes, n_samples, need_test):
    if not np.isscalar(train_sizes):
        _check_array_like(train_sizes, "train_sizes")
    sizes = np.atleast_1d(np.asarray(train_sizes, dtype=object))
    if sizes.size == 0 or sizes.ndim != 1:
        raise ValueError(
            "train_sizes is empty (or not 1-D): give training-set sizes, e.g. [5, 10, 20]."
        )
    counts = [_train_count(size, n_samples, need_test) for size in sizes]
    if len(set(counts)) < len(counts):
        raise ValueError(
            f"train_sizes {list(sizes)} give repeated training sizes {counts}; give each size "
            "once (use n_repeats for more splits)."
        )
    return counts


def _train_count(size, n_samples, need_test):
    if isinstance(size, (bool, np.bool_)) or not isinstance(size, numbers.Real):
        raise TypeError(f"train_sizes must hold ints or floats, got {size!r}.")
    if isinstance(size, numbers.Integral):
        count = int(size)
    elif 0 < size < 1:
        count = int(np.floor(size * n_samples))  # as sklearn's train_test_split
    else:
        raise ValueError(f"a float training size must lie in (0, 1), got {size!r}.")
    limit = n_samples - 1 if need_test else n_samples
    if not 2 <= count <= limit:
        raise ValueError(
            f"training size {size!r} gives {count} training points; it must give "
            f"between 2 and {limit} for {n_samples} samples"
            + (" (at least one point must be left to test on)." if need_test else ".")
        )
    return count


# ---------------------------------------------------------------------------
# Internals: the batched learning-curve machinery
# ---------------------------------------------------------------------------


def _predictions_per_size(model, X, y, order, counts, X_test, forces=None):
    """Predictions for every size and repeat: batched when the model can, else a loop."""
    batched = getattr(model, "_prefix_predictions", None)
    if batched is not None and forces is None:
        # Chunks of repeats keep the stacked kernel matrices below _MAX_ELEMENTS entries;
        # each repeat is solved on its own, so the chunking does not change the numbers.
        n_test = X.shape[0] if X_test is None else X_test.shape[0]
        per_row = X.shape[0] * (X.shape[0] + n_test)
        _check_work(per_row, f"one repeat of the learning curve on {X.shape[0]} points")
        step = max(1, _MAX_ELEMENTS // per_row)
        chunks = [
            batched(X, y, order[i : i + step], counts, X_test) for i in range(0, len(order), step)
        ]
        if all(chunk is not None for chunk in chunks):
            return [np.concatenate(parts) for parts in zip(*chunks, strict=True)]

    def fit_predict(train, test):
        extra = {} if forces is None else {"forces": forces[train]}
        return clone(model).fit(X[train], y[train], **extra).predict(test)

    return [
        np.array(
            [
                fit_predict(row[:count], X[row[count:]] if X_test is None else X_test)
                for row in order
            ]
        )
        for count in counts
    ]


def _batched_prefix_predictions(model, X, y, order, counts, X_test=None):
    """Predictions of the models trained on ``X[order[:, :N]]`` for each N in ``counts``.

    All repeats (rows of ``order``) and all sizes are solved together, from
    one kernel matrix and one stacked Cholesky factorisation. Training sets
    are nested prefixes of each row of ``order``, and the Cholesky factor of
    a prefix block is the prefix block of the factor, so one factor serves
    every size. Its row ``j`` also holds ``L_N^{-1} k(x_train, x_j)`` for the
    points ``x_j`` after the prefix, which is all a prediction there needs:
    with ``z = L^{-1} (y - prior)``, ``f_N(x_j) = L[j, :N] @ z[:N]``.

    Returns a list with one array per size: predictions at the points not
    used for training, ``X[order[:, N:]]``, of shape (n_repeats, n - N), or
    at ``X_test`` when given, of shape (n_repeats, n_test). Returns None
    when the prior must be fitted per training set (then the caller loops).
    """
    model._check_params()
    if model.prior is not None and _prior_requires_fit(model.prior):
        return None
    m = max(counts)
    K = model.gram_matrix(X, X)[order[:, :, None], order[:, None, :]]
    # Points after position m are never trained on: a unit shift keeps the
    # factorisation stable there without touching the rows that are used.
    shift = np.where(np.arange(X.shape[0]) < m, model.alpha, model.alpha + 1.0)
    L = _cholesky(K + np.diag(shift))
    target = y - model._prior_values(model.prior, X)
    z = solve_triangular(L[:, :m, :m], target[order[:, :m], None], lower=True)[..., 0]
    if X_test is None:
        prior_eval = model._prior_values(model.prior, X)[order]
        rows = [slice(count, None) for count in counts]
    else:
        K_test = model.gram_matrix(X, X_test)[order[:, :m]]
        L = solve_triangular(L[:, :m, :m], K_test, lower=True).transpose(0, 2, 1)
        prior_eval = model._prior_values(model.prior, X_test)[None, :]
        rows = [slice(None)] * len(counts)
    return [
        (L[:, r, :count] @ z[:, :count, None])[..., 0] + prior_eval[:, r]
        for count, r in zip(counts, rows, strict=True)
    ]
