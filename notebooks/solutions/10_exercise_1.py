# Exercise 1 (notebook 10): ASE's time unit is the LJ time tau; back to argon's ps and K.
import numpy as np
from ase import units

# ASE: lengths in Angstrom, energies in eV, masses in amu; its time unit is A * sqrt(amu / eV).
ase_time_in_fs = 1 / units.fs
# tau = sigma * sqrt(m / epsilon) with sigma = 1 A, m = 1 amu, epsilon = 1 eV is that same unit:
tau_reduced = 1.0 * np.sqrt(1.0 / 1.0)  # in units of A sqrt(amu/eV)
print(
    f"ASE time unit = {ase_time_in_fs:.3f} fs; "
    f"tau (sigma=1 A, m=1 amu, eps=1 eV) = {tau_reduced} ASE units"
)

# Argon: epsilon / k_B = 119.8 K, sigma = 3.405 A, m = 39.95 amu
epsilon_ar = 119.8 * units.kB  # eV
tau_ar = 3.405 * np.sqrt(39.95 / epsilon_ar)  # in ASE time units
tau_ps = tau_ar / units.fs / 1000
print(f"argon: tau = {tau_ps:.2f} ps; the 2.5 tau NVE runs of section 3 last {2.5 * tau_ps:.1f} ps")
print(f"k_B T = 0.3 epsilon is T = {0.3 * 119.8:.1f} K for argon")
