"""Benchmarks for the universality family (not run in CI).

Measures: (1) certified bound vs best optimised error per width and depth (hat width 1, pyramid width 2,
bowtie width 2); (2) L^p witness error vs resolution K at fixed width 3 for N = 1, 2 (and its depth);
(3) exact (Fraction) vs float64 evaluation cost; (4) the memoriser's word bits and the N at which float64
fails.  Writes benchmarks/results/universality.json.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_universality.py
"""
import json
import os
import sys
import time
from fractions import Fraction as F
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from simulators.universality import bounds  # noqa: E402
from simulators.universality.constructions import bowtie_target, pyramid_width3  # noqa: E402
from simulators.universality.experiments import (best_width_nets_1d, exact_errors_1d, lp_errors,  # noqa: E402
                                                 lp_witness, pyramid_candidates, pyramid_sup_interval)
from simulators.universality.memorise import Memoriser, dataset  # noqa: E402
from simulators.universality.pl import breakpoints_1d, pl_errors  # noqa: E402


def bound_vs_best(restarts=6):
    out = {}
    depths = (1, 2, 4, 8, 16)
    t = time.perf_counter()
    nets = best_width_nets_1d(1, depths, restarts=restarts, p=8)
    out["hat_width1_sup"] = {"bound": 0.5, "best_exact_sup": {L: min(float(exact_errors_1d(n)["sup"]) for n in ns)
                                                             for L, ns in nets.items()}}
    nets = best_width_nets_1d(1, depths, restarts=restarts, p=2)
    out["hat_width1_L2"] = {"bound": float(bounds.hat_width1_l2_bound()[0]),
                            "best_exact_L2": {L: min(float(exact_errors_1d(n)["L2sq"]) ** .5 for n in ns)
                                              for L, ns in nets.items()}}
    cands = pyramid_candidates(2, (1, 2, 4, 8), restarts, seed=0)
    out["pyramid_width2_sup"] = {"bound": 0.5, "best_enclosure": {L: min(pyramid_sup_interval(n) for n in ns[:3])
                                                                  for L, ns in cands.items()}}
    tk, tv = bowtie_target()
    for norm in ("l2", "linf"):
        nets = best_width_nets_1d(2, depths, restarts=restarts, p=8, d_out=2, target="bowtie", n_grid=121)
        out[f"bowtie_width2_{norm}"] = {
            "bound": float(bounds.bowtie_bound(norm)),
            "best_exact_sup": {L: min(float(pl_errors(*breakpoints_1d(n.to_fraction(), F(0), F(1)), tk, tv,
                                                      norm=norm)["sup"]) for n in ns) for L, ns in nets.items()}}
    out["wall_s"] = time.perf_counter() - t
    return out


def lp_law(n=20000):
    rows = []
    for N in (1, 2):
        for K in (1, 2, 3):
            t = time.perf_counter()
            e = lp_errors(K, N, n, seed=7)
            W = lp_witness(K, N)
            rows.append({"K": K, "N": N, "width": W.width, "depth": W.depth, "L1": float(e.mean()),
                         "se": float(e.std(ddof=1) / np.sqrt(n)), "wall_s": time.perf_counter() - t})
    return rows


def exact_vs_float():
    net = pyramid_width3()
    rng = np.random.default_rng(0)
    pts = [(F(int(a), 64), F(int(b), 64)) for a, b in rng.integers(-64, 65, (2000, 2))]
    t = time.perf_counter()
    for x in pts:
        net.exact(x)
    te = time.perf_counter() - t
    fl = type(net)([([[float(v) for v in r] for r in W], [float(v) for v in b]) for W, b in net.layers])
    X = np.array([[float(a), float(b)] for a, b in pts])
    t = time.perf_counter()
    fl.float(X)
    return {"pyramid_points": len(pts), "exact_s": te, "float_s": time.perf_counter() - t}


def memoriser_precision():
    rows = []
    for N in (16, 36, 64, 144, 256):
        xs, ys = dataset(N, 1)
        M = Memoriser(xs, ys)
        yf = M.net.float(np.array([[float(x)] for x in xs]))[:, 0]
        rows.append({"N": N, "params": M.n_params, "word_bits": M.word_bits,
                     "float64_wrong": int(np.sum(np.abs(yf - np.array(ys)) > 0.25))})
    return rows


if __name__ == "__main__":
    res = {"bound_vs_best": bound_vs_best(), "lp_law": lp_law(), "exact_vs_float": exact_vs_float(),
           "memoriser_precision": memoriser_precision()}
    out = Path(__file__).resolve().parent / "results" / "universality.json"
    os.makedirs(out.parent, exist_ok=True)
    out.write_text(json.dumps(res, indent=2, default=str))
    print(json.dumps(res, indent=2, default=str))
