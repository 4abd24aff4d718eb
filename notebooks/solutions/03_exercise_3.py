# Exercise 3 (notebook 03): the fixed-grid learning curve by hand
import numpy as np
import pandas as pd

import lj_helpers as lj

X, y = lj.dimer_dataset()
X_grid, y_grid = lj.dimer_dataset(n_points=500)
model = lj.LaplacianKernelRidge(length_scale=0.1, alpha=1e-9)
sizes = [5, 10, 15, 20, 25, 30, 35, 40, 45, 47]
n_hand = 10
order = lj.random_orderings(50, n_hand, random_state=0)
rows = []
for n_train in sizes:
    for i in range(n_hand):
        train = order[i, :n_train]
        fitted = lj.LaplacianKernelRidge(length_scale=0.1, alpha=1e-9).fit(X[train], y[train])
        rows.append(
            {
                "n_train": n_train,
                "repeat": i,
                "mae": np.mean(np.abs(fitted.predict(X_grid) - y_grid)),
            }
        )
by_hand = pd.DataFrame(rows)
fast = lj.learning_curve(
    model, X, y, sizes, n_repeats=n_hand, random_state=0, X_test=X_grid, y_test=y_grid
)
largest = np.max(np.abs(fast["mae"].to_numpy() - by_hand["mae"].to_numpy()))
print(f"same 100 numbers as lj.learning_curve (largest difference below 1e-10): {largest < 1e-10}")
print(by_hand.groupby("n_train")["mae"].mean().round(4).to_string())
