"""Status changes between two results documents (used by ``python -m claims diff``
and by the report's diff view).

A regression is a claim whose status got worse: verified -> anything else,
an expected refutation that no longer refutes, a new error, a mutant that was
refuted and now survives, or a claim that disappeared.  Margin drift is the
change of the tightest scaled margin of claims verified in both runs.
"""
from __future__ import annotations

RANK = {"verified": 4, "refuted": 3, "inconclusive": 2, "skipped": 1, "error": 0}


def _worse(old: dict, new: dict) -> bool:
    if new["verdict"] == old["verdict"]:
        return bool(old.get("ok", True)) and not new.get("ok", True)
    if new["verdict"] == "error":
        return True
    expect = new.get("expect", "verified")
    if old["verdict"] == expect:          # what the claim should be, and it no longer is
        return True
    return bool(old.get("ok", True)) and not new.get("ok", True)


def _mutant_status(c: dict) -> dict:
    return {m["name"]: m["status"] for m in c.get("mutants", [])}


def diff(old_doc: dict, new_doc: dict, drift_threshold: float = 0.1) -> dict:
    old = {c["id"]: c for c in old_doc["claims"]}
    new = {c["id"]: c for c in new_doc["claims"]}
    transitions, drifts, regressions, mutant_changes = [], [], [], []
    for cid in sorted(set(old) & set(new)):
        o, n = old[cid], new[cid]
        if o["verdict"] != n["verdict"] or o.get("ok", True) != n.get("ok", True):
            reg = _worse(o, n)
            transitions.append({"id": cid, "old": o["verdict"], "new": n["verdict"], "regression": reg})
            if reg:
                regressions.append(cid)
        om, nm = _mutant_status(o), _mutant_status(n)
        for name in sorted(set(om) & set(nm)):
            if om[name] != nm[name]:
                reg = om[name] == "refuted" and nm[name] in ("survived", "error")
                mutant_changes.append({"id": cid, "mutant": name, "old": om[name], "new": nm[name],
                                       "regression": reg})
                if reg and cid not in regressions:
                    regressions.append(cid)
        a, b = o.get("tightest_margin"), n.get("tightest_margin")
        if a is not None and b is not None and o["verdict"] == n["verdict"] == "verified":
            delta = b - a
            if abs(delta) > drift_threshold * max(abs(a), 1e-12):
                drifts.append({"id": cid, "old": a, "new": b, "delta": delta})
    removed = sorted(set(old) - set(new))
    regressions += [cid for cid in removed if old[cid]["verdict"] == old[cid].get("expect", "verified")]
    return {"transitions": transitions, "mutant_changes": mutant_changes, "margin_drifts": drifts,
            "regressions": regressions, "added": sorted(set(new) - set(old)), "removed": removed}


def format_diff(d: dict) -> str:
    lines = []
    for t in d["transitions"]:
        lines.append(f"{'REGRESSION ' if t['regression'] else ''}{t['id']}: {t['old']} -> {t['new']}")
    for m in d["mutant_changes"]:
        lines.append(f"{'REGRESSION ' if m['regression'] else ''}{m['id']} mutant {m['mutant']}: "
                     f"{m['old']} -> {m['new']}")
    for x in d["margin_drifts"]:
        lines.append(f"margin drift {x['id']}: {x['old']:.4g} -> {x['new']:.4g}")
    lines += [f"added {cid}" for cid in d["added"]] + [f"removed {cid}" for cid in d["removed"]]
    lines.append(f"{len(d['regressions'])} regression(s), {len(d['transitions'])} status change(s)")
    return "\n".join(lines)
