# Exercise 1 (notebook 04): how often is the wall point r = 0.9 in the complement test set?
import numpy as np

import lj_helpers as lj

X, y = lj.dimer_dataset()
order = lj.random_orderings(50, 2000, random_state=0)
wall = int(np.argmin(X[:, 0]))  # index of r = 0.9 (it is 0)
position = np.argmax(order == wall, axis=1)  # where the wall point sits in each ordering
for n_train in (5, 25, 45):
    tested = np.mean(position >= n_train)  # tested when it is not among the first N
    expected = (50 - n_train) / 50
    print(
        f"N = {n_train:2d}: r = 0.9 tested in {tested:.3f} of 2000 splits; "
        f"(50 - N)/50 = {expected:.3f}"
    )
# (b) its expected share of a split's test MAE: P(tested) * e_wall / (50 - N) = e_wall / 50,
# for every N: the chance of being tested and the weight in the average change in proportion.
print(f"with r = 0.9 left out, the nearest training distance is at least {X[1, 0]:.3f} sigma")
model = lj.LaplacianKernelRidge(length_scale=0.1, alpha=1e-9).fit(X[1:], y[1:])  # all but r = 0.9
e_wall = abs(model.predict(X[:1])[0] - y[0])
print(f"trained on the 49 other points: error at r = 0.9 is {e_wall:.2f} epsilon;")
print(f"its expected share of the complement MAE: e_wall / 50 = {e_wall / 50:.3f} epsilon, any N")
