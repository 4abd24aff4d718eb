"""Exercise 3 of notebook 01: extrapolation with 40 training points instead of 25."""

import numpy as np

import lj_helpers as lj

X, y = lj.dimer_dataset()
order = lj.random_orderings(50, 2000, random_state=0)  # the 2000 splits
for n_train in (25, 40):
    left_out, n_outside = [], []
    for row in order:
        X_tr, X_te = X[row[:n_train]], X[row[n_train:]]
        left_out.append(0 not in row[:n_train])
        n_outside.append(lj.outside_training_range(X_tr, X_te).sum())
    print(
        f"N = {n_train}: r = 0.9 left out in {np.mean(left_out):.1%} of splits "
        f"(predicted {1 - n_train / 50:.0%}); "
        f"mean extrapolated test points per split {np.mean(n_outside):.2f}"
    )
