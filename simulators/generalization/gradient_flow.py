"""Gradient flow theta' = -grad L(theta), integrated numerically with its arc length.

``flow(grad, loss, theta0, T, t_eval)`` integrates [theta, s] with s' = ||grad L(theta)|| by
scipy's DOP853 at tight tolerances, so the path length is a by-product of the ODE solve (no
closed form is used).  ``least_squares(Phi, y)`` gives L = ||Phi theta - y||^2 / (2n) and its
gradient.
"""
from __future__ import annotations

import numpy as np
from scipy.integrate import solve_ivp


def least_squares(Phi: np.ndarray, y: np.ndarray):
    n = Phi.shape[0]
    loss = lambda th: float(np.sum((Phi @ th - y) ** 2) / (2 * n))
    grad = lambda th: Phi.T @ (Phi @ th - y) / n
    return loss, grad


def flow(grad, loss, theta0, T: float, t_eval=None, rtol: float = 1e-11, atol: float = 1e-13) -> dict:
    theta0 = np.asarray(theta0, float)
    p = theta0.size

    def rhs(t, z):
        g = grad(z[:p])
        return np.concatenate([-g, [np.linalg.norm(g)]])

    sol = solve_ivp(rhs, (0.0, T), np.concatenate([theta0, [0.0]]), method="DOP853", rtol=rtol, atol=atol,
                    t_eval=t_eval, dense_output=False)
    if not sol.success:
        raise RuntimeError(f"solve_ivp failed: {sol.message}")
    thetaT = sol.y[:p, -1]
    return {"t": sol.t, "theta": sol.y[:p], "path": sol.y[p], "path_T": float(sol.y[p, -1]),
            "theta_T": thetaT, "loss": np.array([loss(sol.y[:p, j]) for j in range(sol.y.shape[1])]),
            "speed_T": float(np.linalg.norm(grad(thetaT))), "nfev": int(sol.nfev)}
