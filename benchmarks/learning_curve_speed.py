"""Speed of the batched learning-curve engine against the seed's loop.

Runs the seed blog post's protocol (500 random splits at each of 10 training
ratios, 5000 fits of the Laplacian model) twice in one process: once as the
seed wrote it (a Python loop over splits, each fit inverting the regularised
kernel matrix) and once with ``lj_helpers.learning_curve``. Prints both wall
times, their ratio and the mean MAE per training size of each, with standard
errors, so the two can be checked to agree within statistical error.

Usage: ``python benchmarks/learning_curve_speed.py [--repeats 500]``
"""

import argparse
import time

import numpy as np
import pandas as pd
from scipy.spatial.distance import cdist
from sklearn.model_selection import train_test_split

import lj_helpers as lj

RATIOS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95]


def seed_learning_curve(distances, n_repeats, seed):
    """The seed's LearningCurve.scores, transcribed: one fit per split, in a loop.

    The matrix inverse is the seed's own formula, kept here on purpose: this
    is the baseline being measured, not code to copy.
    """
    rng = np.random.RandomState(seed)
    rows = []
    for ratio in RATIOS:
        for repeat in range(n_repeats):
            x_train, x_test = train_test_split(distances, train_size=ratio, random_state=rng)
            y_train, y_test = lj.lennard_jones(x_train), lj.lennard_jones(x_test)
            x_train, x_test = x_train.reshape(-1, 1), x_test.reshape(-1, 1)
            kernel = np.exp(-cdist(x_train, x_train, "cityblock") / 0.1)
            weights = y_train @ np.linalg.inv(kernel + 1e-9 * np.identity(len(x_train)))
            y_pred = weights @ np.exp(-cdist(x_train, x_test, "cityblock") / 0.1)
            rows.append((len(x_train), repeat, np.mean(np.abs(y_pred - y_test))))
    return pd.DataFrame(rows, columns=["n_train", "repeat", "mae"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=500, help="splits per training ratio")
    args = parser.parse_args()
    distances = np.linspace(0.9, 2.0, 50)
    X, y = distances.reshape(-1, 1), lj.lennard_jones(distances)
    model = lj.LaplacianKernelRidge(length_scale=0.1, alpha=1e-9)

    t_seed, seed = best_of(3, seed_learning_curve, distances, args.repeats, seed=0)
    t_ours, ours = best_of(
        3, lj.learning_curve, model, X, y, RATIOS, n_repeats=args.repeats, random_state=0
    )

    print(f"workload: {len(RATIOS)} ratios x {args.repeats} splits = {len(ours)} fits")
    print(f"seed loop (np.linalg.inv per fit), best of 3:   {t_seed:8.3f} s")
    print(f"lj_helpers.learning_curve (batched), best of 3: {t_ours:8.3f} s")
    print(f"speed-up: {t_seed / t_ours:.1f}x")
    seed_stats = seed.groupby("n_train")["mae"].agg(["mean", "sem"])
    ours_stats = ours.groupby("n_train")["mae"].agg(["mean", "sem"])
    table = seed_stats.join(ours_stats, suffixes=("_seed", "_batched"))
    table["z"] = (table["mean_seed"] - table["mean_batched"]) / np.hypot(
        table["sem_seed"], table["sem_batched"]
    )
    print("mean MAE per N (independent random splits, so equal within a few sem; z in sem):")
    print(table.to_string(float_format=lambda v: f"{v:.4f}"))


def best_of(k, func, *args, **kwargs):
    """Shortest wall time of ``k`` calls, and the last result."""
    times = []
    for _ in range(k):
        start = time.perf_counter()
        result = func(*args, **kwargs)
        times.append(time.perf_counter() - start)
    return min(times), result


if __name__ == "__main__":
    main()
