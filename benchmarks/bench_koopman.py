"""Benchmarks for the Koopman family (not run in CI).

Measures: exact Rademacher enumeration time vs n (2^{n-1} signs), Monte Carlo throughput
(numpy, and torch on CPU/CUDA when present), packet-quadrature time, and records the numbers the
issue asks for (kappa*(d) crossovers, activation-sweep gaps, KB-1 tightness, ||g|| sqrt(k0) growth).
Writes benchmarks/results/koopman.json.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_koopman.py [--quick]
"""
from __future__ import annotations

import json
import math
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from simulators.koopman import factors as fac  # noqa: E402
from simulators.koopman import rademacher as rad  # noqa: E402
from simulators.koopman import sobolev as sob  # noqa: E402


def timed(f, *a, **k):
    t = time.perf_counter()
    out = f(*a, **k)
    return out, time.perf_counter() - t


def main(quick: bool = False):
    res = {"convention": sob.CONVENTION}
    rng = np.random.default_rng(0)

    # exact enumeration vs n
    rows = []
    for n in (range(8, 19, 2) if quick else range(8, 21, 2)):
        X = rng.normal(0, 3, size=(n, 1))
        K = sob.gram_matrix(X, 1.0)
        v, t = timed(rad.rademacher_exact, K)
        rows.append({"n": n, "value": v, "bound": math.sqrt(float(sob.kernel_diagonal(1, 1.0)) / n), "seconds": t})
    res["exact_enumeration"] = rows

    # Monte Carlo throughput
    mc = []
    for n in ((200, 1000) if quick else (200, 1000, 4000)):
        X = rng.normal(0, 3, size=(n, 4))
        K = sob.gram_matrix(X, 3.0)
        (v, h, info), t = timed(rad.rademacher_mc, K, 1.0, 4000, 1)
        mc.append({"backend": "numpy", "n": n, "draws": 4000, "value": v, "half_width": h, "seconds": t,
                   "plain_se": info["se_plain"]})
        try:
            import torch
            import array_api_compat.torch as xpt
            dev = "cuda" if torch.cuda.is_available() else "cpu"
            Kt = torch.as_tensor(K, device=dev)
            (vt, ht, _), tt = timed(rad.rademacher_mc, Kt, 1.0, 4000, 1, xpt)
            mc.append({"backend": f"torch-{dev}", "n": n, "draws": 4000, "value": vt, "half_width": ht, "seconds": tt})
        except ImportError:
            pass
    res["monte_carlo"] = mc

    # KB-1 tightness per a (d = 1, s = 1) and timing of the 2-D packet
    kb1 = []
    for a in (0.5, 0.9, 1.5, 3.0):
        best = max(sob.linear_packet_ratio([[a]], tau, [k], 1.0)[0]
                   for tau in (0.3, 1.0, 5.0, 30.0) for k in (0.0, 5.0, 50.0, 500.0))
        cf = max(1, a) / math.sqrt(a)
        kb1.append({"a": a, "best_ratio": best, "closed_form": cf, "relative_gap": 1 - best / cf})
    W = np.array([[2.0, 1.0], [0.0, 0.5]])
    U, S, _ = np.linalg.svd(W)
    (r2, _), t2 = timed(sob.linear_packet_ratio, W, 3.0, 30.0 * U[:, 0], 1.0)
    kb1.append({"W": W.tolist(), "best_ratio": r2, "closed_form": float(S[0]), "relative_gap": 1 - r2 / S[0],
                "seconds": t2})
    res["linear_layer"] = kb1

    # activation sweeps
    act = []
    f, df = sob.leaky_smooth(0.2)
    for tau in (3.0, 10.0, 30.0, 100.0):
        r, _ = sob.activation_packet_ratio(f, df, -10 * tau, tau, 0.0)
        act.append({"act": "leaky(0.2)", "tau": tau, "gap": 1 - r / math.sqrt(5)})
    f, df = sob.tanh_bump(-0.5)
    act.append({"act": "tanh(-0.5)", "fem_norm": sob.h1_activation_norm_fem(f, df, 60, 2400),
                "formula": math.sqrt(2)})
    res["activation"] = act

    res["crossover"] = {b: {d: fac.crossover_kappa(d, b) for d in (4, 16, 64, 256, 1024)}
                        for b in ("frobenius", "l21")}
    res["g_norm_sqrt_k0"] = {d: math.sqrt(sob.gaussian_norm_sq(d, d / 2 + 1) * float(sob.kernel_diagonal(d, d / 2 + 1)))
                             for d in (1, 2, 4, 8, 16, 32, 64)}
    res["gaussian_log_weight_factor"] = {
        d: float(np.mean([fac.log_koopman_factor(fac.gaussian_init(d, i), d / 2 + 1) for i in range(5)]))
        for d in (4, 16, 64, 256)}
    out = ROOT / "benchmarks" / "results" / "koopman.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=1, default=float))
    print(json.dumps(res, indent=1, default=float))


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
