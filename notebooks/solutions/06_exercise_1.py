"""Exercise 1 of notebook 06: the maximum-likelihood amplitude a^2 = y^T (K + alpha I)^-1 y / N."""

import matplotlib.pyplot as plt
import numpy as np

import lj_helpers as lj

X, y = lj.dimer_dataset()
train = np.sort(np.random.default_rng(5).permutation(50)[:12])  # the 12-point set of notebook 06
X_train, y_train = X[train], y[train]
alpha = 1e-6
model = lj.GaussianKernelRidge(length_scale=0.2, alpha=alpha).fit(X_train, y_train)
A = model.gram_matrix(X_train, X_train) + alpha * np.eye(len(train))
q = y_train @ np.linalg.solve(A, y_train)
n = len(train)
print(f"amplitude_**2 = {model.amplitude_**2:.6g}, y^T A^-1 y / N = {q / n:.6g}")


def log_likelihood(a2):
    _, logdet = np.linalg.slogdet(A)
    return -q / (2 * a2) - 0.5 * (n * np.log(a2) + logdet) - n / 2 * np.log(2 * np.pi)


for factor in (0.5, 1.0, 2.0):
    print(f"log p at a^2 = {factor} x q/N: {log_likelihood(factor * q / n):.4f}")
print(f"log_marginal_likelihood_ = {model.log_marginal_likelihood_:.4f} (the value at q/N)")
t = np.geomspace(0.1, 10, 200) * q / n
fig, ax = plt.subplots()
ax.semilogx(t, [log_likelihood(v) for v in t])
ax.axvline(q / n, color="C3", ls="--", label=r"$a^2 = y^\top A^{-1} y / N$")
ax.set(xlabel=r"amplitude $a^2$ ($\varepsilon^2$)", ylabel="log marginal likelihood")
ax.legend()
plt.show()
