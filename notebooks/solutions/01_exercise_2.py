"""Exercise 2 of notebook 01: how many wall points does a random split leave out?"""

import numpy as np

import lj_helpers as lj

X, y = lj.dimer_dataset()
order = lj.random_orderings(50, 2000, random_state=0)  # the 2000 splits
n_beyond = np.array([np.sum(X[row[25:], 0] < X[row[:25], 0].min()) for row in order])

# p_k: probability that the k smallest distances are all among the 25 test points
p = [np.prod([(25 - j) / (50 - j) for j in range(k)]) for k in range(5)]
predicted = {"0": 1 - p[1], "1": p[1] - p[2], "2": p[2] - p[3], ">=3": p[3]}
observed = {
    "0": np.mean(n_beyond == 0),
    "1": np.mean(n_beyond == 1),
    "2": np.mean(n_beyond == 2),
    ">=3": np.mean(n_beyond >= 3),
}
print(f"p_1 = {p[1]:.3f}, p_2 = {p[2]:.3f}, p_3 = {p[3]:.3f}")
for k in predicted:
    print(
        f"{k:>3} wall points left out: predicted {predicted[k]:.3f}, 2000 splits {observed[k]:.3f}"
    )
print(f"standard error of a share near 1/2 from 2000 splits: {np.sqrt(0.25 / 2000):.3f}")
