"""``python -m claims``: list, run, report, diff, new, replay."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

DEFAULT_OUT = Path("reports/out")


def _registry():
    from .registry import registry
    return registry()


def cmd_list(args) -> int:
    reg = _registry()
    claims = reg.select(family=args.family)
    for c in claims:
        flag = " [UNCONFIRMED]" if c.unconfirmed else ""
        exp = " [expected refuted]" if c.expect == "refuted" else ""
        print(f"{c.id:<62} {'/'.join(c.tiers):<16} {c.source.authors.split(',')[0]} {c.source.year}, "
              f"{c.source.locator}{' arXiv:' + c.source.arxiv if c.source.arxiv else ''}{flag}{exp}")
    print(f"{len(claims)} claims, {sum(len(c.mutants) for c in claims)} mutants")
    for e in reg.errors:
        print(f"LOAD ERROR {e}", file=sys.stderr)
    return 1 if reg.errors else 0


def cmd_run(args) -> int:
    from .results import run_suite
    from .runner import RunConfig
    reg = _registry()
    claims = reg.select(family=args.family, ids=args.claim, pattern=args.k)
    cfg = RunConfig(tier=args.tier, backend=args.backend, profile=args.profile or RunConfig().profile,
                    seed=args.seed)
    out = Path(args.results) if args.results else DEFAULT_OUT / "results.json"
    print(f"running {len(claims)} claims, tier={cfg.tier}, backend={cfg.backend}, profile={cfg.profile}"
          f"{', seed=' + str(cfg.seed) if cfg.seed is not None else ''}", flush=True)
    for e in reg.errors:
        print(f"LOAD ERROR {e}", flush=True)
    try:
        doc = run_suite(claims, cfg, reg, out, progress=lambda s: print(s, flush=True))
    except KeyboardInterrupt:
        print("interrupted: the results file was not written (no half-written file)", file=sys.stderr)
        return 130
    print(f"results: {out}")
    if not args.no_report:
        from reports import render
        paths = render.write_all(doc, out.parent, baseline=args.baseline)
        print("report: " + ", ".join(str(p) for p in paths))
    s = doc["summary"]
    print("verdicts: " + ", ".join(f"{k} {v}" for k, v in s["counts"].items()) +
          f"; mutants refuted {s['mutants']['refuted']}/{s['mutants']['declared']}"
          f" (survived {s['mutants']['survived']}, error {s['mutants']['error']}, skipped {s['mutants']['skipped']})")
    bad = [c for c in doc["claims"] if not c["ok"]]
    for c in bad:
        muts = [m["name"] for m in c.get("mutants", []) if m["status"] in ("survived", "error")]
        print(f"FAIL {c['id']}: verdict {c['verdict']} (expected {c['expect']})"
              + (f"; mutants not refuted: {', '.join(muts)}" if muts else ""))
    return 0 if doc["ok"] else 1


def cmd_report(args) -> int:
    from reports import render
    from .results import load
    doc = load(args.results)
    paths = render.write_all(doc, Path(args.out) if args.out else Path(args.results).parent, baseline=args.baseline)
    print("\n".join(str(p) for p in paths))
    return 0


def cmd_diff(args) -> int:
    from .diff import diff, format_diff
    from .results import load
    d = diff(load(args.old), load(args.new))
    print(format_diff(d))
    return 1 if d["regressions"] else 0


def cmd_new(args) -> int:
    from .scaffold import scaffold
    for p in scaffold(args.target, force=args.force):
        print(f"created {p}")
    return 0


def cmd_replay(args) -> int:
    from .jsonutil import decode_instance
    from .registry import registry
    from .runner import RunConfig, Variant, evaluate
    reg = registry()
    if args.claim not in reg.claims:
        print(f"unknown claim {args.claim}", file=sys.stderr)
        return 2
    claim = reg.claims[args.claim]
    cfg = RunConfig(tier=args.tier, backend=args.backend, profile="ci")
    mutant = None
    if args.mutant:
        mutant = next((m for m in claim.mutants if m.name == args.mutant), None)
        if mutant is None:
            print(f"claim {claim.id} has no mutant {args.mutant}", file=sys.stderr)
            return 2
    if args.instance:
        inst = decode_instance(json.loads(args.instance))
    else:
        from .results import load
        doc = load(args.results)
        rec = next(c for c in doc["claims"] if c["id"] == claim.id)
        ce = rec["counterexample"] if not args.mutant else \
            next(m for m in rec["mutants"] if m["name"] == args.mutant)["counterexample"]
        if not ce:
            print("no counterexample recorded", file=sys.stderr)
            return 2
        inst = decode_instance(ce["encoded"])
    v = Variant.of(claim, cfg.tier, mutant)
    ev = evaluate(v, inst, cfg)
    print(json.dumps(ev.to_json(), indent=1))
    if claim.high_precision:
        hp = evaluate(v, inst, cfg, precision="high")
        print("high precision:", json.dumps(hp.to_json(), indent=1))
    return 0 if ev.status == "holds" else 1


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m claims", description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("list", help="what is encoded, with its source")
    p.add_argument("--family")
    p.set_defaults(fn=cmd_list)
    p = sub.add_parser("run", help="run claims and mutants; write results JSON and the report")
    p.add_argument("--tier", default="quick", choices=["quick", "full", "gpu"])
    p.add_argument("--backend", default="numpy", choices=["numpy", "torch"])
    p.add_argument("--family", help="comma-separated families")
    p.add_argument("--claim", action="append", help="a claim id (repeatable)")
    p.add_argument("-k", help="substrings of claim ids, comma-separated (e.g. -k chinchilla2022,kaplan2020)")
    p.add_argument("--results", help=f"results file (default {DEFAULT_OUT}/results.json)")
    p.add_argument("--baseline", help="results file of an earlier run, for the diff view")
    p.add_argument("--profile", choices=["ci", "dev", "thorough"])
    p.add_argument("--seed", type=int)
    p.add_argument("--no-report", action="store_true")
    p.set_defaults(fn=cmd_run)
    p = sub.add_parser("report", help="HTML + markdown summary from a results file")
    p.add_argument("results")
    p.add_argument("--out")
    p.add_argument("--baseline")
    p.set_defaults(fn=cmd_report)
    p = sub.add_parser("diff", help="status changes between two runs; exit 1 on regression")
    p.add_argument("old")
    p.add_argument("new")
    p.set_defaults(fn=cmd_diff)
    p = sub.add_parser("new", help="scaffold a claim module and its test: new FAMILY/NAME")
    p.add_argument("target")
    p.add_argument("--force", action="store_true")
    p.set_defaults(fn=cmd_new)
    p = sub.add_parser("replay", help="re-evaluate one instance (a counterexample) of a claim or mutant")
    p.add_argument("claim")
    p.add_argument("--mutant")
    p.add_argument("--instance", help="JSON instance (as printed in the replay command)")
    p.add_argument("--results", default=str(DEFAULT_OUT / "results.json"))
    p.add_argument("--tier", default="quick")
    p.add_argument("--backend", default="numpy")
    p.set_defaults(fn=cmd_replay)
    return ap


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    return args.fn(args)
