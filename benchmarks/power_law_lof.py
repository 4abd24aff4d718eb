"""Level and power of the lack-of-fit test of ``lj_helpers.fit_power_law``, by simulation.

Synthetic learning curves at N = 5, 10, 25, 45 (notebook 06's sizes) with the
scatter of its smooth models: the log-MAE of a repeat is the log of the true
curve plus noise of standard deviation ``scatter`` (1 or 2), half of its
variance shared by all sizes of a repeat (nested training sets make the
sizes of one repeat correlated), Gaussian or heavy-tailed (Student t with 3
degrees of freedom, rescaled to the same standard deviation).

- *Level*: the true curve is a power law ``N^-1.5``; the test should reject
  (``is_power_law is False``) about 5% of the time.
- *Power*: the slope changes by 1.3 over N = 5-45 (``N^-1`` up to N = 15,
  ``N^-2.3`` after it, continuous); the test should reject as often as it can.

Prints one CSV row per setting: rejection rate (``is_power_law is False``),
rate of ``is_power_law is True`` and of ``None`` (undetermined), and the
coverage of ``nu_ci`` for the true exponent under the power law.

Usage: ``python benchmarks/power_law_lof.py --trials 2000``
"""

import argparse
import warnings

import numpy as np

import lj_helpers as lj

SIZES = np.array([5, 10, 25, 45])
TRUE_NU = -1.5


def true_curve(kind):
    """Log of the true mean-free curve at SIZES."""
    log_n = np.log(SIZES)
    if kind == "power law":
        return TRUE_NU * log_n
    bend = np.log(15.0)  # slope -1 below N = 15, -2.3 above: a change of 1.3
    return -1.0 * log_n - 1.3 * np.maximum(log_n - bend, 0.0)


def noise(rng, n_repeats, scatter, tails):
    """Repeat noise of log-MAE, shape (sizes, repeats), half its variance shared per repeat."""

    def draw(shape):
        if tails == "gaussian":
            return rng.standard_normal(shape)
        return rng.standard_t(3, shape) / np.sqrt(3.0)  # unit variance, heavy tails

    shared, own = draw((1, n_repeats)), draw((SIZES.size, n_repeats))
    return scatter * np.sqrt(0.5) * (shared + own)


def simulate(kind, n_repeats, scatter, tails, trials, rng):
    rejected = accepted = covered = 0
    for trial in range(trials):
        log_mae = true_curve(kind)[:, None] + noise(rng, n_repeats, scatter, tails)
        n_train = np.repeat(SIZES, n_repeats)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fit = lj.fit_power_law(n_train, np.exp(log_mae).ravel(), n_bootstrap=100,
                                   random_state=trial)  # fmt: skip
        rejected += fit.is_power_law is False
        accepted += fit.is_power_law is True
        covered += fit.nu_ci[0] <= TRUE_NU <= fit.nu_ci[1]
    return rejected / trials, accepted / trials, covered / trials


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    print("curve,repeats,scatter,tails,reject,power_law_true,undetermined,nu_ci_coverage")
    for kind in ("power law", "slope change 1.3"):
        for n_repeats in (6, 20):
            for scatter, tails in ((1.0, "gaussian"), (2.0, "gaussian"), (1.0, "t3"), (2.0, "t3")):
                rej, acc, cov = simulate(kind, n_repeats, scatter, tails, args.trials, rng)
                cov_text = f"{cov:.3f}" if kind == "power law" else ""
                print(f"{kind},{n_repeats},{scatter:g},{tails},{rej:.3f},{acc:.3f},"
                      f"{1 - rej - acc:.3f},{cov_text}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
