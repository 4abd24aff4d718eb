"""Accuracy of the model zoo at one training size, and how much it moves across machines.

Runs ``lj_helpers.learning_curve`` for the searched models of
``lj_helpers.model_zoo()`` at one training size (default N = 25, 20 fresh
split seeds, the measurement of ``benchmarks/accuracy.py``) and prints the
mean and median test MAE per model as CSV. With ``--variations`` it re-runs
itself in subprocesses under rounding variations like those between
machines and prints, per model, the mean MAE of each variation and the
largest relative change from the default run:

- ``threads1``: ``OMP_NUM_THREADS=OPENBLAS_NUM_THREADS=1`` (default: 2);
- ``noavx512``: NumPy's AVX-512 loops off (``NPY_DISABLE_CPU_FEATURES``,
  only on a CPU that has them);
- ``perturbK``: every Lennard-Jones energy and force multiplied by
  ``1 + d``, ``|d| <= 1e-13`` (seed K), as ``tests/perturbed`` does.

Usage::

    python benchmarks/accuracy_floors.py --seeds 20 --seed-offset 1000
    python benchmarks/accuracy_floors.py --variations --seeds 20
"""

import argparse
import functools
import io
import os
import subprocess
import sys

import numpy as np
import pandas as pd

import lj_helpers as lj

SEARCHED = [
    "Gaussian on r",
    "Gaussian on 1/r",
    "Gaussian on r^-6",
    "Gaussian on 1/r + fitted C r^-12 prior",
    "Gaussian on r^-6, energies + forces",
    "Gaussian on r^-6, forces + one energy",
]
ENERGY_ONLY = SEARCHED[:4]
WITH_FORCES = SEARCHED[4:]


def perturb(seed, size=1e-13):
    """Multiply every LJ energy and force by ``1 + d``, ``|d| <= size`` (as tests/perturbed)."""
    rng = np.random.default_rng(seed)

    def wrap(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            value = np.asarray(function(*args, **kwargs), dtype=float)
            result = value * (1.0 + rng.uniform(-size, size, value.shape))
            return float(result) if result.ndim == 0 else result

        return wrapper

    for name in ("lennard_jones", "lennard_jones_force"):
        setattr(lj, name, wrap(getattr(lj, name)))


def measure(n_train, seeds, seed_offset, models):
    """Test MAE of every split: columns model, repeat, mae."""
    X, y = lj.dimer_dataset()
    X_grid, y_grid = lj.dimer_dataset(n_points=500)
    forces = lj.lennard_jones_force(X[:, 0])
    zoo = lj.model_zoo()
    rows = []
    for name in models:
        model, needs_forces = zoo[name]
        curve = lj.learning_curve(
            model, X, y, [n_train], n_repeats=seeds, random_state=seed_offset,
            X_test=X_grid, y_test=y_grid, forces=forces if needs_forces else None,
        )  # fmt: skip
        rows.append(curve.assign(model=name)[["model", "repeat", "mae"]])
    return pd.concat(rows, ignore_index=True)


def variations():
    """Environment changes that round the way other machines do, by name."""
    out = {"default": {}, "threads1": {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}}
    found = np._core._multiarray_umath.__cpu_features__
    names = (
        ("X86_V4", "AVX512_ICL", "AVX512_SPR")
        if "X86_V4" in found  # NumPy >= 2.4
        else ("AVX512F", "AVX512CD", "AVX512_SKX", "AVX512_CLX", "AVX512_CNL", "AVX512_ICL")
    )
    features = [f for f in names if found.get(f)]  # fmt: skip
    if features:
        out["noavx512"] = {"NPY_DISABLE_CPU_FEATURES": " ".join(features)}
    for seed in (1, 2, 3):
        out[f"perturb{seed}"] = {"ACC_PERTURB_SEED": str(seed)}
    if os.environ.get("ACC_VARIATIONS"):  # a subset, e.g. "noavx512,perturb1"
        keep = {"default", *os.environ["ACC_VARIATIONS"].split(",")}
        out = {name: env for name, env in out.items() if name in keep}
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--seed-offset", type=int, default=1000)
    parser.add_argument("--n-train", type=int, default=25)
    parser.add_argument("--models", nargs="*", default=SEARCHED)
    parser.add_argument("--variations", action="store_true", help="rerun under rounding changes")
    parser.add_argument("--per-split", action="store_true", help="print every split's MAE")
    args = parser.parse_args()
    if not args.variations:
        for var, attr in (("ACC_ENERGY_ALPHAS", "_ENERGY_ALPHAS"),
                          ("ACC_FORCE_ALPHAS", "_FORCE_ALPHAS")):  # fmt: skip
            if os.environ.get(var):  # try another grid without editing lj_helpers
                setattr(lj, attr, tuple(float(a) for a in os.environ[var].split(",")))
        if os.environ.get("ACC_PERTURB_SEED"):
            perturb(int(os.environ["ACC_PERTURB_SEED"]))
        table = measure(args.n_train, args.seeds, args.seed_offset, args.models)
        if args.per_split:
            table.to_csv(sys.stdout, index=False, float_format="%.17g")
            return
        stats = table.groupby("model", sort=False)["mae"].agg(["mean", "median", "sem"])
        stats.add_prefix("mae_").to_csv(sys.stdout, float_format="%.4e")
        return
    runs = {}
    base = [sys.executable, __file__, "--seeds", str(args.seeds), "--seed-offset",
            str(args.seed_offset), "--n-train", str(args.n_train), "--per-split",
            "--models", *args.models]  # fmt: skip
    for name, env in variations().items():
        text = subprocess.run(
            base, env={**os.environ, "OMP_NUM_THREADS": "2", "OPENBLAS_NUM_THREADS": "2", **env},
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        runs[name] = pd.read_csv(io.StringIO(text)).set_index(["model", "repeat"])["mae"]
    splits = pd.DataFrame(runs)
    means = splits.groupby("model", sort=False).mean()
    medians = splits.groupby("model", sort=False).median()
    rel = splits.drop(columns="default").sub(splits["default"], axis=0).abs().div(
        splits["default"], axis=0).max(axis=1)  # fmt: skip

    def worst(table):  # largest relative change from the default run, over variations
        return table.drop(columns="default").sub(table["default"], axis=0).abs().max(
            axis=1) / table["default"]  # fmt: skip

    table = pd.DataFrame({
        "mean": means["default"], "median": medians["default"],
        "mean_change": worst(means), "median_change": worst(medians),
        "split_change_max": rel.groupby("model", sort=False).max(),
    })  # fmt: skip
    table.to_csv(sys.stdout, float_format="%.3g")
    print()
    print("best mean, energy-only / with forces, per variation")
    summary = pd.DataFrame(
        {name: [means.reindex(ENERGY_ONLY)[name].min(), means.reindex(WITH_FORCES)[name].min()]
         for name in runs}, index=["energy-only", "with forces"],
    )  # fmt: skip
    summary.to_csv(sys.stdout, float_format="%.4g")


if __name__ == "__main__":
    main()
