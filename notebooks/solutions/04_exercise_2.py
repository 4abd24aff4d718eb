# Exercise 2 (notebook 04): power law of the median MAE vs the mean MAE
import numpy as np

import lj_helpers as lj

X, y = lj.dimer_dataset()
ex2_sizes = [5, 10, 15, 20, 25, 30, 35, 40, 45, 47]
ex2_model = lj.LaplacianKernelRidge(length_scale=0.1, alpha=1e-9)
ex2_curve = lj.learning_curve(ex2_model, X, y, ex2_sizes, n_repeats=500, random_state=0)
ex2_median = ex2_curve.groupby("n_train")["mae"].median()
ex2_slope, ex2_intercept = np.polyfit(np.log(ex2_median.index), np.log(ex2_median.to_numpy()), 1)
ex2_fit = lj.fit_power_law(ex2_curve["n_train"], ex2_curve["mae"])
print(f"median: straight-line nu = {ex2_slope:.2f} (an average slope, see below)")
print(f"mean:   nu = {ex2_fit.nu:.3f}")
ex2_n = np.array(ex2_sizes, dtype=float)
ex2_local = np.diff(np.log(ex2_median.to_numpy())) / np.diff(np.log(ex2_n))
print("local slopes of the median:", "  ".join(f"{s:.2f}" for s in ex2_local))
# who is the median split? wall point r = 0.9 (index 0) left out of training or not
ex2_order = lj.random_orderings(50, 500, random_state=0)
ex2_table = ex2_curve.pivot(index="repeat", columns="n_train", values="mae")
for n in ex2_sizes:
    wall_out = (ex2_order[:, :n] != 0).all(axis=1)
    middle = np.argsort(ex2_table[n].to_numpy())[250]  # the split at the median
    kind = "left out" if wall_out[middle] else "trained on"
    print(
        f"N = {n:2d}: wall left out in {wall_out.mean():.0%} of splits; median split: wall {kind}"
    )
