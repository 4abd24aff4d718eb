# Exercise 2 (notebook 05): the exact repulsion 4 r^-12 as a prior, paired against the wall prior
import numpy as np

import lj_helpers as lj

X, y = lj.dimer_dataset()
ex2_order = lj.random_orderings(50, 2000, random_state=0)
ex2_wall_left_out = (ex2_order[:, :25] != 0).all(axis=1)
ex2_repulsion = lj.InversePowerPrior(powers=(12,), coef=(4.0,))  # fixed: nothing is fitted
ex2_maes = {}
for ex2_name, ex2_prior in (("wall", lj.LinearWallPrior()), ("4 r^-12", ex2_repulsion)):
    ex2_model = lj.LaplacianKernelRidge(length_scale=0.1, alpha=1e-9, prior=ex2_prior)
    ex2_maes[ex2_name] = lj.learning_curve(ex2_model, X, y, [25], n_repeats=2000, random_state=0)[
        "mae"
    ]
    ex2_maes[ex2_name] = ex2_maes[ex2_name].to_numpy()
    print(f"{ex2_name:>8} prior: mean MAE {ex2_maes[ex2_name].mean():.3f} epsilon, 2000 splits")
ex2_difference = ex2_maes["4 r^-12"] - ex2_maes["wall"]
ex2_tie = np.abs(ex2_difference) < 1e-9
ex2_better = ex2_difference <= -1e-9
print(
    f"4 r^-12 better on {ex2_better.sum()} of {(~ex2_tie).sum()} splits that are not ties "
    f"({ex2_tie.sum()} ties)"
)
print(
    f"  where r = 0.9 is left out: better on {ex2_better[ex2_wall_left_out].sum()} "
    f"of {ex2_wall_left_out.sum()} splits"
)
# the formula of Exercise 1 on split 0 (r = 0.9 left out), for the 4 r^-12 prior
ex2_train = ex2_order[0, :25]
ex2_r_min = X[ex2_train, 0].min()
ex2_decay = np.exp(-(ex2_r_min - 0.9) / 0.1)
ex2_at = ex2_repulsion.predict([[0.9]])[0]
ex2_residual = lj.lennard_jones(ex2_r_min) - ex2_repulsion.predict([[ex2_r_min]])[0]
ex2_formula = ex2_at + ex2_residual * ex2_decay
print(
    f"split 0: {ex2_at:.2f} + ({lj.lennard_jones(ex2_r_min):.2f} - "
    f"{ex2_repulsion.predict([[ex2_r_min]])[0]:.2f}) * {ex2_decay:.2f} = {ex2_formula:.2f} epsilon "
    f"at r = 0.9, true {y[0]:.2f}: error {abs(ex2_formula - y[0]):.2f} epsilon"
)
print(
    f"at r = 0.9: 4 r^-12 = {ex2_repulsion.predict([[0.9]])[0]:.2f}, "
    f"true U = {lj.lennard_jones(0.9):.2f} epsilon"
)
# the same formula on every split that leaves r = 0.9 out: a prediction for the 2000-split mean
# smallest training r of each such split
ex2_r_mins = X[ex2_order[ex2_wall_left_out, :25], 0].min(axis=1)
ex2_decays = np.exp(-(ex2_r_mins - 0.9) / 0.1)
ex2_wall_error = {}
for ex2_name, ex2_prior in (("wall", lj.LinearWallPrior()), ("4 r^-12", ex2_repulsion)):
    ex2_at_wall = ex2_prior.predict([[0.9]])[0]
    ex2_res = lj.lennard_jones(ex2_r_mins) - ex2_prior.predict(ex2_r_mins.reshape(-1, 1))
    ex2_wall_error[ex2_name] = np.abs(ex2_at_wall + ex2_res * ex2_decays - y[0])
    print(
        f"formula, {ex2_name:>8} prior: mean error at r = 0.9 over the {ex2_wall_left_out.sum()} "
        f"splits that leave it out {ex2_wall_error[ex2_name].mean():.2f} epsilon; its share of the "
        f"2000-split mean MAE {ex2_wall_error[ex2_name].sum() / 2000 / 25:.3f} epsilon"
    )
ex2_more = np.sum(ex2_wall_error["4 r^-12"] > ex2_wall_error["wall"])
print(
    f"formula: the 4 r^-12 prior misses r = 0.9 by more on {ex2_more} "
    f"of {ex2_wall_left_out.sum()} splits"
)
