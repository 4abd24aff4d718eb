"""Exercise 1 of notebook 07: least-squares C of the prior C r^-12, and why it can be negative."""

import matplotlib.pyplot as plt
import numpy as np

import lj_helpers as lj

X, y = lj.dimer_dataset()
idx = np.random.default_rng(10).permutation(50)[:5]  # the 5-point training set drawn with seed 10
r_train, U_train = X[idx, 0], y[idx]
C = np.sum(U_train * r_train**-12) / np.sum(r_train**-24)
fitted = lj.InversePowerPrior(powers=(12,)).fit(X[idx], y[idx]).coef_[0]
print(
    f"training distances {np.sort(r_train).round(3)} sigma; "
    f"all energies negative: {np.all(U_train < 0)}"
)
print(f"formula: C = {C:.2f}; InversePowerPrior: C = {fitted:.2f}; agree: {np.isclose(C, fitted)}")

# one extra point on the wall is enough to turn C positive
r_wall, U_wall = 0.95, lj.lennard_jones(0.95)
r2, U2 = np.append(r_train, r_wall), np.append(U_train, U_wall)
print(f"with one more point at r = {r_wall}: C = {np.sum(U2 * r2**-12) / np.sum(r2**-24):.2f}")

r = np.linspace(0.9, 2.0, 300)
fig, ax = plt.subplots()
ax.plot(r, lj.lennard_jones(r), color="0.5", label="LJ energy")
ax.plot(r, C * r**-12, label=f"fitted prior, C = {C:.1f}")
ax.plot(r_train, U_train, "o", color="k", label="5 training points")
ax.set(ylim=(-8, 8), xlabel=r"distance $r$ ($\sigma$)", ylabel=r"energy ($\varepsilon$)")
ax.legend()
plt.show()
