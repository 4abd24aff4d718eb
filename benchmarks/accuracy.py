"""Accuracy of every model in ``lj_helpers.model_zoo()`` as a CSV table.

For each model and training size, ``--seeds`` random training sets are drawn
from the 50-point data set (the split generator is seeded with
``--seed-offset``, so a new offset gives splits nobody tuned on); each model
chooses its hyperparameters inside its training set only, and is tested on
the fixed 500-point grid on [0.9, 2.0] sigma.

Usage: ``python benchmarks/accuracy.py --seeds 20 --seed-offset 1000``
Prints ``model,n_train,mae_mean,mae_sem`` (MAE in epsilon).
"""

import argparse
import sys

import lj_helpers as lj

SIZES = [5, 10, 25, 45]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20, help="training sets per size")
    parser.add_argument("--seed-offset", type=int, default=1000, help="seed of the split generator")
    parser.add_argument("--models", nargs="*", help="substrings selecting models (default: all)")
    args = parser.parse_args()
    if args.seeds < 2:
        parser.error("--seeds must be at least 2 (a standard error needs two splits)")
    X, y = lj.dimer_dataset()
    X_grid, y_grid = lj.dimer_dataset(n_points=500)
    forces = lj.lennard_jones_force(X[:, 0])
    print("model,n_train,mae_mean,mae_sem")
    for name, (model, needs_forces) in lj.model_zoo().items():
        if args.models and not any(part in name for part in args.models):
            continue
        curve = lj.learning_curve(
            model, X, y, SIZES, n_repeats=args.seeds, random_state=args.seed_offset,
            X_test=X_grid, y_test=y_grid, forces=forces if needs_forces else None,
        )  # fmt: skip
        stats = curve.groupby("n_train")["mae"].agg(["mean", "sem"])
        for n_train, row in stats.iterrows():
            print(f'"{name}",{n_train},{row["mean"]:.3e},{row["sem"]:.3e}')
        sys.stdout.flush()


if __name__ == "__main__":
    main()
