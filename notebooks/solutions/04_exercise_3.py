# Exercise 3 (notebook 04): the fixed-grid learning curve by hand
import numpy as np
import pandas as pd

import lj_helpers as lj

X, y = lj.dimer_dataset()
X_grid, y_grid = lj.dimer_dataset(n_points=500)
ex3_model = lj.LaplacianKernelRidge(length_scale=0.1, alpha=1e-9)
ex3_sizes = [5, 10, 15, 20, 25, 30, 35, 40, 45, 47]
ex3_n_hand = 10
ex3_order = lj.random_orderings(50, ex3_n_hand, random_state=0)
ex3_rows = []
for n_train in ex3_sizes:
    for i in range(ex3_n_hand):
        train = ex3_order[i, :n_train]
        fitted = lj.LaplacianKernelRidge(length_scale=0.1, alpha=1e-9).fit(X[train], y[train])
        ex3_rows.append(
            {
                "n_train": n_train,
                "repeat": i,
                "mae": np.mean(np.abs(fitted.predict(X_grid) - y_grid)),
            }
        )
ex3_by_hand = pd.DataFrame(ex3_rows)
ex3_fast = lj.learning_curve(
    ex3_model, X, y, ex3_sizes, n_repeats=ex3_n_hand, random_state=0, X_test=X_grid, y_test=y_grid
)
ex3_largest = np.max(np.abs(ex3_fast["mae"].to_numpy() - ex3_by_hand["mae"].to_numpy()))
print(
    f"same 100 numbers as lj.learning_curve (largest difference below 1e-10): {ex3_largest < 1e-10}"
)
ex3_grid = lj.learning_curve(
    ex3_model, X, y, ex3_sizes, n_repeats=500, random_state=0, X_test=X_grid, y_test=y_grid
)
ex3_table = pd.DataFrame(
    {
        "10 repeats": ex3_by_hand.groupby("n_train")["mae"].mean(),
        "500 repeats": ex3_grid.groupby("n_train")["mae"].mean(),
    }
)
ex3_table["ratio"] = ex3_table["10 repeats"] / ex3_table["500 repeats"]
print(ex3_table.round(4).to_string())
ex3_below = (ex3_table["ratio"] < 1).sum()
print(f"{ex3_below} of {len(ex3_table)} ten-repeat means lie below the 500-repeat means")
