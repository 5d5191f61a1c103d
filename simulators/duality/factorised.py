"""Non-convex (factorised) objectives of deep linear and parallel deep linear networks,
minimised by multi-start L-BFGS (scipy) with analytic gradients.

Network: X -> sum_{j=1}^m X W_{1j} W_{2j} ... W_{Lj}   (m = 1: the standard network).
Layer shapes of a branch of width h: d x h, h x h, ..., h x K.

Constrained problems (interpolation X P = Y) use the quadratic-penalty method with a
continuation mu = 10, 100, ..., mu_max (warm starts).  Every constrained result reports a
*bracket* for the constrained minimum f*:
  * ``penalised``: min over restarts of f + mu/2 ||X P - Y||^2.  The global minimum of the
    penalised problem is <= f* (f* is attained at a feasible point where the penalty is 0);
  * ``restored``: the objective after making the best points exactly feasible
    (W_1 <- X^+ Y M^+, M the stacked product of the later layers), an upper bound on f*
    whenever the restoration residual is at float level (``restored_residual``).
"""
from __future__ import annotations

import numpy as np
from scipy.optimize import minimize

MUS = (1e1, 1e2, 1e3, 1e4)


def chain_product(Ws):
    P = Ws[0]
    for W in Ws[1:]:
        P = P @ W
    return P


def _shapes(d, K, L, h):
    return [(d, h)] + [(h, h)] * (L - 2) + [(h, K)] if L >= 2 else [(d, K)]


def _unpack(theta, shapes, m):
    out, i = [], 0
    for _ in range(m):
        br = []
        for s in shapes:
            n = s[0] * s[1]
            br.append(theta[i:i + n].reshape(s))
            i += n
        out.append(br)
    return out


def _chain_grads(Ws, G):
    """Gradients of <G, W_1...W_L> with respect to each W_l."""
    L = len(Ws)
    pre = [None] * L
    suf = [None] * L
    acc = np.eye(Ws[0].shape[0])
    for l in range(L):
        pre[l] = acc
        acc = acc @ Ws[l]
    acc = np.eye(Ws[-1].shape[1])
    for l in reversed(range(L)):
        suf[l] = acc
        acc = Ws[l] @ acc
    return [pre[l].T @ G @ suf[l].T for l in range(L)]


def _objective(theta, shapes, m, X, Y, L, reg, mu, beta, normalised):
    branches = _unpack(theta, shapes, m)
    eff = []                       # effective layers (normalised ones divided by their norm)
    for br in branches:
        if normalised:
            eff.append([br[0]] + [W / np.linalg.norm(W) for W in br[1:]])
        else:
            eff.append(br)
    P = sum(chain_product(e) for e in eff)
    R = X @ P - Y
    if mu is None:                 # weight-decay fit: 1/2 ||XP - Y||^2
        f_data, G = 0.5 * np.sum(R * R), X.T @ R
    else:                          # quadratic penalty on the interpolation constraint
        f_data, G = 0.5 * mu * np.sum(R * R), mu * (X.T @ R)
    val, grads = f_data, []
    for br, e in zip(branches, eff):
        gs = _chain_grads(e, G)
        for l, (W, g) in enumerate(zip(br, gs)):
            if normalised:
                if l > 0:          # W_l = V_l / ||V_l||: project the gradient
                    nW = np.linalg.norm(W)
                    U = W / nW
                    g = (g - np.sum(g * U) * U) / nW
                else:              # objective 1/2 ||W_1||^2
                    val += 0.5 * np.sum(W * W)
                    g = g + W
            elif reg == "l2":
                val += 0.5 * beta * np.sum(W * W)
                g = g + beta * W
            elif reg == "power":
                nW = np.linalg.norm(W)
                val += nW ** L / L
                g = g + nW ** (L - 2) * W
            grads.append(g.ravel())
    return val, np.concatenate(grads)


def _reg_value(branches, L, reg, normalised):
    if normalised:
        return 0.5 * float(np.sum(branches[0][0] ** 2))
    if reg == "l2":
        return 0.5 * float(sum(np.sum(W * W) for br in branches for W in br))
    return float(sum(np.linalg.norm(W) ** L / L for br in branches for W in br))


def _lbfgs(fun, x0, args):
    r = minimize(fun, x0, args=args, jac=True, method="L-BFGS-B",
                 options={"maxiter": 20000, "maxcor": 30, "gtol": 1e-12, "ftol": 1e-16})
    return r.x, float(r.fun)


def _constrained(X, Y, L, m, h, reg, normalised, restarts, rng, mu_max=1e4, mus=None):
    X, Y = np.atleast_2d(np.asarray(X, float)), np.atleast_2d(np.asarray(Y, float))
    d, K = X.shape[1], Y.shape[1]
    shapes = _shapes(d, K, L, h)
    nparam = m * sum(a * b for a, b in shapes)
    scale = max(np.linalg.norm(Y), 1e-3) ** (1.0 / L) / max(h, 1) ** 0.25
    Xp = np.linalg.pinv(X)
    mus = [mu for mu in (mus or MUS) if mu < mu_max] + [mu_max]
    _, sy, vt = np.linalg.svd(Y)
    r = int(np.sum(sy > 1e-10 * sy[0]))
    Qrow = vt[:r].T @ vt[:r]                 # orthogonal projector onto row(Y)
    runs = []
    for _ in range(restarts):
        th = rng.standard_normal(nparam) * scale
        for mu in mus:
            th, Fmu = _lbfgs(_objective, th, (shapes, m, X, Y, L, reg, mu, 1.0, normalised))
        br = _unpack(th, shapes, m)
        eff = [[b[0]] + [W / np.linalg.norm(W) for W in b[1:]] for b in br] if normalised else br
        res = float(np.linalg.norm(X @ sum(chain_product(e) for e in eff) - Y))
        f_at = _reg_value(br, L, reg, normalised)
        # restoration: exact feasibility through the first layers of all branches
        # (1) project every last layer onto the row space of Y (only shrinks it), so that the
        #     stacked product M of layers 2..L has row space = row(Y) even when Y is rank-deficient;
        # (2) solve the first layers exactly: A M = X^+ Y.
        rb = [[b[l].copy() for l in range(L)] for b in br]
        if L > 1:
            for j in range(m):
                rb[j][-1] = rb[j][-1] @ Qrow
        reff = [[b[0]] + [W / np.linalg.norm(W) for W in b[1:]] for b in rb] if normalised else rb
        Mst = np.vstack([chain_product(e[1:]) if L > 1 else np.eye(K) for e in reff])
        A = Xp @ Y @ np.linalg.pinv(Mst, rcond=1e-13)
        for j in range(m):
            rb[j][0] = A[:, j * h:(j + 1) * h]
        reff = [[b[0]] + [W / np.linalg.norm(W) for W in b[1:]] for b in rb] if normalised else rb
        rres = float(np.linalg.norm(X @ sum(chain_product(e) for e in reff) - Y))
        runs.append(dict(penalised=Fmu, objective=f_at, residual=res,
                         restored=_reg_value(rb, L, reg, normalised), restored_residual=rres,
                         product=sum(chain_product(e) for e in reff)))
    # "exactly feasible": a residual r can put the restored objective below f* by ~||Lambda*|| r, and the claims'
    # brackets allow only 1e-12 relative above it; pinv restoration gives r ~ 1e-15 (observed), so accept <= 1e-13
    ok = [r for r in runs if r["restored_residual"] <= 1e-13 * max(1.0, np.linalg.norm(Y))]
    best_up = min(ok, key=lambda r: r["restored"]) if ok else None
    return dict(
        penalised=min(r["penalised"] for r in runs),
        objective=min(r["objective"] for r in runs),
        restored=best_up["restored"] if best_up else float("nan"),
        restored_residual=best_up["restored_residual"] if best_up else float("nan"),
        restored_product=best_up["product"] if best_up else None,
        n_restored=len(ok), restarts=restarts, mu=mu_max,
        values=[r["objective"] for r in runs], penalised_values=[r["penalised"] for r in runs],
        restored_values=[r["restored"] for r in ok],
    )


def min_norm_factorisation(W, L, *, width=None, restarts=10, rng=None, X=None, mu_max=1e4):
    """min 1/2 sum_l ||W_l||_F^2  s.t.  X W_1 ... W_L = W  (X = I by default). Lemma L-1."""
    W = np.atleast_2d(np.asarray(W, float))
    X = np.eye(W.shape[0]) if X is None else X
    h = width or max(W.shape)
    return _constrained(X, W, L, 1, h, "l2", False, restarts, rng or np.random.default_rng(0), mu_max)


def min_normalised_factorisation(Y, L, *, X=None, width=None, restarts=10, rng=None, mu_max=1e6):
    """min ||W_1||_F  s.t.  X W_1 W_2 ... W_L = Y,  ||W_l||_F = 1 (l >= 2).

    The rescaled primal of a standard deep linear network (= min prod_l ||W_l||_F over
    factorisations, by scale invariance).  Works on 1/2 ||W_1||^2; returned values are
    square roots (brackets transform monotonically)."""
    Y = np.atleast_2d(np.asarray(Y, float))
    X = np.eye(Y.shape[0]) if X is None else np.atleast_2d(np.asarray(X, float))
    h = width or max(X.shape[1], Y.shape[1])
    # larger multipliers here (W_1 carries the whole scale): continuation up to mu = 1e6,
    # starting at 1e3 (starting lower collapses the unit-norm layers to rank one, a saddle)
    out = _constrained(X, Y, L, 1, h, "l2", True, restarts, rng or np.random.default_rng(0), mu_max,
                       mus=(1e3, 1e4, 1e5))
    for k in ("penalised", "objective", "restored"):
        out[k] = float(np.sqrt(2 * out[k])) if np.isfinite(out[k]) else out[k]
    out["values"] = [float(np.sqrt(2 * v)) for v in out["values"]]
    out["restored_values"] = [float(np.sqrt(2 * v)) for v in out["restored_values"]]
    return out


def parallel_min_power(Y, L, m, width, *, X=None, restarts=10, rng=None, mu_max=1e4):
    """min sum_j sum_l ||W_{lj}||_F^L / L  s.t.  sum_j X W_{1j} ... W_{Lj} = Y
    (parallel network, m branches of the given width)."""
    Y = np.atleast_2d(np.asarray(Y, float))
    X = np.eye(Y.shape[0]) if X is None else np.atleast_2d(np.asarray(X, float))
    return _constrained(X, Y, L, m, width, "power", False, restarts, rng or np.random.default_rng(0), mu_max)


def weight_decay_fit(Y, L, beta, *, X=None, width=None, restarts=20, rng=None):
    """min 1/2 ||X W_1...W_L - Y||_F^2 + beta/2 sum_l ||W_l||_F^2 by multi-start L-BFGS.

    Returns every restart's value (spread), the best value and the singular values of
    the best end-to-end product."""
    Y = np.atleast_2d(np.asarray(Y, float))
    X = np.eye(Y.shape[0]) if X is None else np.atleast_2d(np.asarray(X, float))
    rng = rng or np.random.default_rng(0)
    d, K = X.shape[1], Y.shape[1]
    h = width or max(d, K)
    shapes = _shapes(d, K, L, h)
    nparam = sum(a * b for a, b in shapes)
    scale = max(np.linalg.norm(Y), 1e-3) ** (1.0 / L) / max(h, 1) ** 0.25
    vals, best = [], None
    for _ in range(restarts):
        th, f = _lbfgs(_objective, rng.standard_normal(nparam) * scale,
                       (shapes, 1, X, Y, L, "l2", None, float(beta), False))
        vals.append(f)
        if best is None or f < best[0]:
            best = (f, th)
    P = chain_product(_unpack(best[1], shapes, 1)[0])
    return dict(best=best[0], values=vals, product=P, product_svals=np.linalg.svd(P, compute_uv=False))
