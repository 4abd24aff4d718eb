# Exercise 2 (notebook 04): the exact repulsion 4 r^-12 as a prior, paired against the wall prior
import numpy as np

import lj_helpers as lj

X, y = lj.dimer_dataset()
order = lj.random_orderings(50, 2000, random_state=0)
wall_left_out = (order[:, :25] != 0).all(axis=1)
repulsion = lj.InversePowerPrior(powers=(12,), coef=(4.0,))  # fixed: nothing is fitted
maes = {}
for name, prior in (("wall", lj.LinearWallPrior()), ("4 r^-12", repulsion)):
    model = lj.LaplacianKernelRidge(length_scale=0.1, alpha=1e-9, prior=prior)
    maes[name] = lj.learning_curve(model, X, y, [25], n_repeats=2000, random_state=0)["mae"]
    maes[name] = maes[name].to_numpy()
    print(f"{name:>8} prior: mean MAE {maes[name].mean():.3f} epsilon over the 2000 splits")
difference = maes["4 r^-12"] - maes["wall"]
tie = np.abs(difference) < 1e-9
better = difference <= -1e-9
print(
    f"4 r^-12 better on {better.sum()} of {(~tie).sum()} splits that are not ties "
    f"({tie.sum()} ties)"
)
print(
    f"  where r = 0.9 is left out: better on {better[wall_left_out].sum()} "
    f"of {wall_left_out.sum()} splits"
)
print(
    f"at r = 0.9: 4 r^-12 = {repulsion.predict([[0.9]])[0]:.2f}, "
    f"true U = {lj.lennard_jones(0.9):.2f} epsilon"
)
