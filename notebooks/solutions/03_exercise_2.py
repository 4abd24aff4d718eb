# Exercise 2 (notebook 03): power law of the median MAE vs the mean MAE
import numpy as np

import lj_helpers as lj

X, y = lj.dimer_dataset()
model = lj.LaplacianKernelRidge(length_scale=0.1, alpha=1e-9)
sizes = [5, 10, 15, 20, 25, 30, 35, 40, 45, 47]
curve = lj.learning_curve(model, X, y, sizes, n_repeats=500, random_state=0)
median = curve.groupby("n_train")["mae"].median()
slope, intercept = np.polyfit(np.log(median.index), np.log(median.to_numpy()), 1)
fit = lj.fit_power_law(curve["n_train"], curve["mae"])
print(f"median: nu = {slope:.2f}, beta = {np.exp(intercept):.2f} epsilon")
print(f"mean:   nu = {fit.nu:.3f}, beta = {fit.beta:.2f} epsilon")
print("The median is steeper: it ignores the minority of splits that extrapolate up the wall.")
