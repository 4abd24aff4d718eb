"""Exercise 1 of notebook 08: the energy-force covariance -dk/db for the Gaussian kernel on r^-6."""

import numpy as np

import lj_helpers as lj

length_scale = 2.0
a = np.linspace(0.9, 2.0, 7).reshape(-1, 1)
b = np.linspace(0.95, 1.9, 5).reshape(-1, 1)


def g(r):
    return r**-6.0


def g_prime(r):
    return -6.0 * r**-7.0


d = g(a) - g(b.T)  # z_a - z_b, shape (7, 5)
k = np.exp(-(d**2) / (2 * length_scale**2))
derived = -k * d / length_scale**2 * g_prime(b.T)  # cov(U(a), F(b)) = -dk/db

model = lj.EnergyForceKernelRidge(length_scale=length_scale, representation="r^-6")
helper = model.kernel_blocks(a, b).energy_force
print(
    "max relative difference, derived formula vs kernel_blocks: "
    f"{np.max(np.abs(derived - helper)) / np.max(np.abs(helper)):.0e}"
)
