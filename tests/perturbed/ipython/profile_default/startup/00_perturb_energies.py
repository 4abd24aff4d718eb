"""IPython start-up file for the perturbed variations of ``make audit`` (tools/audit.py).

Every Lennard-Jones energy and force the notebooks compute is multiplied by
``1 + d`` with a random ``|d| <= 1e-13``: the size of the rounding differences
between CPUs, BLAS kernels and thread counts. nbval then checks that every
pinned output (``# NBVAL_CHECK_OUTPUT``) is unchanged, so a pinned number that
depends on the last bits of a solve fails here rather than on a student's laptop.

The noise is seeded by the environment variable ``LJ_PERTURB_SEED`` (an integer; 20261128
when unset), so that the audit can draw several samples: one perturbed run is one sample,
and a value next to a rounding boundary flips only sometimes.
"""

import functools
import os

import numpy as np

import lj_helpers

RELATIVE_PERTURBATION = 1e-13
SEED = int(os.environ.get("LJ_PERTURB_SEED", "20261128"))
_rng = np.random.default_rng(SEED)


def _perturbed(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        value = np.asarray(function(*args, **kwargs), dtype=float)
        noise = _rng.uniform(-RELATIVE_PERTURBATION, RELATIVE_PERTURBATION, value.shape)
        result = value * (1.0 + noise)
        return float(result) if result.ndim == 0 else result

    wrapper.perturbed = True
    return wrapper


for _name in ("lennard_jones", "lennard_jones_force", "cluster_energy", "cluster_forces"):
    setattr(lj_helpers, _name, _perturbed(getattr(lj_helpers, _name)))
