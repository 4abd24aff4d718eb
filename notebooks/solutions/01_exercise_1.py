"""Exercise 1 of notebook 01: where is the attractive force strongest?"""

import numpy as np

import lj_helpers as lj

# dF/dr = 0  <=>  26 (1/r)^14 = 7 (1/r)^8  <=>  r = (26/7)^(1/6)
r_analytic = (26 / 7) ** (1 / 6)
r_fine = np.linspace(1.0, 2.0, 200_001)
r_numeric = r_fine[np.argmin(lj.lennard_jones_force(r_fine))]
print(f"analytic r* = (26/7)^(1/6) = {r_analytic:.5f} sigma")
print(f"numeric  r* on the grid    = {r_numeric:.5f} sigma")
print(f"F(r*) = {lj.lennard_jones_force(r_analytic):.4f} epsilon/sigma")
print(f"r_min = 2^(1/6) = {2 ** (1 / 6):.5f} sigma, so r* lies beyond the minimum")
