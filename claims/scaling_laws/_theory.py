"""Shared plumbing for the scaling-law theory claims (not a paper module: no claims here).

* ``cached``: memoise a simulator run on the instance dict, so a mutant that replays the claim's
  own instances does not recompute them (same instance -> same seeds -> same numbers).
* ``loglog_plot``: the evidence plot the issue asks for (data, fit, prediction band).
"""
from __future__ import annotations

import functools
import json

import numpy as np

from claims.core import Plot


def cached(fn):
    """Memoise fn(**kw) on its (JSON-encoded) keyword arguments."""
    store = {}

    @functools.wraps(fn)
    def wrapper(**kw):
        key = json.dumps(kw, sort_keys=True, default=repr)
        if key not in store:
            store[key] = fn(**kw)
        return store[key]

    wrapper.cache = store
    return wrapper


def loglog_plot(title, xlabel, ylabel, x, y, *, lo=None, hi=None, fit=None, pred_slope=None,
                pred_band=0.0, anchor=None, label="data"):
    """Log-log evidence: data (+ seed band), fitted line, predicted slope with its tolerance band.

    fit: (slope, intercept) of log y on log x; the prediction line passes through ``anchor``
    (x0, y0) (default: the data point in the middle of the range)."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    p = Plot(title, xlabel, ylabel, logx=True, logy=True)
    if lo is not None and hi is not None:
        p.add("seed 95% band", x, None, lo=np.asarray(lo, float), hi=np.asarray(hi, float), style="band")
    p.add(label, x, y, style="scatter")
    if fit is not None:
        s, c = fit
        p.add(f"fit: slope {s:.3f}", x, np.exp(c) * x ** s, style="line")
    if pred_slope is not None:
        if anchor is None:
            k = len(x) // 2
            anchor = (x[k], y[k])
        x0, y0 = anchor
        mid = y0 * (x / x0) ** pred_slope
        p.add(f"prediction: slope {pred_slope:.3f}", x, mid, style="line")
        if pred_band:
            p.add(f"prediction band +-{pred_band:.3f}", x, None, lo=y0 * (x / x0) ** (pred_slope - pred_band * np.sign(np.log(x / x0))),
                  hi=y0 * (x / x0) ** (pred_slope + pred_band * np.sign(np.log(x / x0))), style="band")
    return p


def de_dps(ctx) -> int:
    """Digits for the mpmath deterministic equivalents: 25 in the quick tier (every quick-tier tolerance,
    the 1e-12 identities included, is >= 10 orders above 1e-25; Euler-Maclaurin tails of non-integer
    power laws cost ~50x more at 50 digits), 50 in the full / gpu tiers and during precision escalation."""
    return 25 if ctx.tier == "quick" and not ctx.high_precision else 50
