"""Approach 2 of Hoffmann et al. (IsoFLOP parabolas) on a given loss surface.

For each compute budget C, sample model sizes N on a log grid of half-width
``window`` (a factor) around a centre N_c(C), fit a parabola to L against log N,
take its vertex as log N*(C), then regress log N* on log C: the slope estimates
the allocation exponent a = beta/(alpha+beta).
"""
from __future__ import annotations

import numpy as np

from .objective import predict_loss


def approach2_exponent(theta, centre, budgets=None, window: float = 10.0, per_budget: int = 15):
    """Slope of log N*(C) against log C.  ``centre(C)`` gives the sampling centre."""
    budgets = np.geomspace(1e17, 1e21, 5) if budgets is None else np.asarray(budgets, float)
    vertices = []
    for C in budgets:
        N = np.geomspace(centre(C) / window, centre(C) * window, per_budget)
        L = predict_loss(theta, N, C / (6.0 * N))
        x = np.log(N)
        xm = x.mean()
        c2, c1, _ = np.polyfit(x - xm, L, 2)       # centred for conditioning
        if not c2 > 0:
            return float("nan")
        vertices.append(xm - c1 / (2.0 * c2))
    return float(np.polyfit(np.log(budgets), vertices, 1)[0])
