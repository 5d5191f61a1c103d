"""Dependency analysis of the claims in a results document, and its SVG drawing.

Like a Lean blueprint: an edge goes from a claim to each claim that uses it
(lemma -> theorem).  A verified claim is *fully verified* only if every claim it
depends on, transitively, is verified too (and present in the run); otherwise it
is "verified, pending" its unverified dependencies.  Pure functions of the
claim records; nothing is recomputed.
"""
from __future__ import annotations

from html import escape

VERDICT_COLOURS = {
    "verified": "#2e7d32", "refuted": "#c62828", "inconclusive": "#f9a825",
    "error": "#6a1b9a", "skipped": "#757575", "missing": "#bdbdbd",
}
VERDICT_TEXT = {"verified": "#fff", "refuted": "#fff", "inconclusive": "#222", "error": "#fff",
                "skipped": "#fff", "missing": "#222"}


def _deps(claims: list[dict]) -> dict[str, list[str]]:
    return {c["id"]: sorted(set(c.get("depends_on") or [])) for c in claims}


def transitive_dependencies(claims: list[dict]) -> dict[str, list[str]]:
    """id -> every claim id it depends on, directly or not (cycles tolerated; ids
    absent from the run are included, so callers can see them missing)."""
    deps = _deps(claims)
    out: dict[str, list[str]] = {}
    for cid in deps:
        seen: set[str] = set()
        stack = list(deps[cid])
        while stack:
            d = stack.pop()
            if d in seen or d == cid:
                continue
            seen.add(d)
            stack.extend(deps.get(d, []))
        out[cid] = sorted(seen)
    return out


def transitive_dependents(claims: list[dict]) -> dict[str, list[str]]:
    """id -> every claim (in the run) that depends on it, directly or not."""
    closure = transitive_dependencies(claims)
    out: dict[str, set] = {c["id"]: set() for c in claims}
    for cid, ds in closure.items():
        for d in ds:
            out.setdefault(d, set()).add(cid)
    return {k: sorted(v) for k, v in out.items()}


def propagated_status(claims: list[dict]) -> dict[str, dict]:
    """id -> {"status", "blocking"}.  status: "fully_verified" (verified and so is
    everything below it), "verified_pending" (verified, but ``blocking`` lists the
    dependencies, transitive, that are not verified or not in the run), or the
    claim's own verdict otherwise."""
    verdict = {c["id"]: c["verdict"] for c in claims}
    closure = transitive_dependencies(claims)
    out = {}
    for c in claims:
        cid = c["id"]
        if c["verdict"] != "verified":
            out[cid] = {"status": c["verdict"], "blocking": []}
            continue
        blocking = [d for d in closure[cid] if verdict.get(d) != "verified"]
        out[cid] = {"status": "verified_pending" if blocking else "fully_verified", "blocking": blocking}
    return out


def most_wanted(claims: list[dict]) -> list[dict]:
    """Inconclusive and skipped claims, ranked by how many claims depend on them
    (transitively), then by id.  Settling these unblocks the most theorems."""
    dependents = transitive_dependents(claims)
    rows = [{"id": c["id"], "verdict": c["verdict"], "reason": c.get("reason", ""),
             "dependents": dependents.get(c["id"], []), "n_dependents": len(dependents.get(c["id"], [])),
             "family": c.get("family", "")}
            for c in claims if c["verdict"] in ("inconclusive", "skipped")]
    return sorted(rows, key=lambda r: (-r["n_dependents"], r["id"]))


# ---------------------------------------------------------------------------
# layout

NODE_W, NODE_H, COL_GAP, ROW_GAP, MARGIN = 300, 30, 70, 12, 14


def _layers(ids: list[str], deps: dict[str, list[str]]) -> dict[str, int]:
    """Longest-path layering (dependencies left of their dependents); cycles are cut."""
    layer: dict[str, int] = {}
    state: dict[str, int] = {}

    def visit(n: str) -> int:
        if n in layer:
            return layer[n]
        if state.get(n) == 1:         # cycle: cut the back edge
            return -1
        state[n] = 1
        below = [visit(d) for d in deps.get(n, []) if d in deps]
        layer[n] = 1 + max(below, default=-1)
        state[n] = 2
        return layer[n]

    for n in ids:
        visit(n)
    return layer


def layout(claims: list[dict]) -> dict:
    """Positions of the claims that take part in a dependency (as user or used);
    ids referenced but absent from the run become 'missing' nodes."""
    ids = {c["id"] for c in claims}
    deps = _deps(claims)
    missing = sorted({d for ds in deps.values() for d in ds if d not in ids})
    for m in missing:
        deps[m] = []
    linked = sorted({cid for cid, ds in deps.items() if ds} | {d for ds in deps.values() for d in ds})
    if not linked:
        return {"nodes": {}, "edges": [], "width": 0, "height": 0, "isolated": sorted(ids)}
    sub = {n: [d for d in deps[n] if d in linked] for n in linked}
    layer = _layers(linked, sub)
    n_layers = max(layer.values()) + 1
    cols: list[list[str]] = [sorted(n for n in linked if layer[n] == k) for k in range(n_layers)]
    # barycentre ordering, a few left-right sweeps, ties by id: deterministic
    pos = {n: i for col in cols for i, n in enumerate(col)}
    users = {n: [m for m in linked if n in sub[m]] for n in linked}
    for _ in range(4):
        for k in range(1, n_layers):
            cols[k].sort(key=lambda n: (_bary(sub[n], pos, n), n))
            pos.update({n: i for i, n in enumerate(cols[k])})
        for k in range(n_layers - 2, -1, -1):
            cols[k].sort(key=lambda n: (_bary(users[n], pos, n), n))
            pos.update({n: i for i, n in enumerate(cols[k])})
    tallest = max(len(c) for c in cols)
    height = 2 * MARGIN + tallest * NODE_H + (tallest - 1) * ROW_GAP
    nodes = {}
    for k, col in enumerate(cols):
        off = (tallest - len(col)) * (NODE_H + ROW_GAP) / 2
        for i, n in enumerate(col):
            nodes[n] = {"x": MARGIN + k * (NODE_W + COL_GAP), "y": MARGIN + off + i * (NODE_H + ROW_GAP),
                        "layer": k}
    edges = [(d, n) for n in linked for d in sub[n]]
    width = 2 * MARGIN + n_layers * NODE_W + (n_layers - 1) * COL_GAP
    return {"nodes": nodes, "edges": sorted(edges), "width": width, "height": height,
            "isolated": sorted(ids - set(linked)), "missing": missing}


def _bary(neigh: list[str], pos: dict, n: str) -> float:
    return sum(pos[m] for m in neigh) / len(neigh) if neigh else pos.get(n, 0)


def _short(cid: str, n: int = 46) -> str:
    """The id as it fits in a node (the family is dropped first, then the tail)."""
    if len(cid) <= n:
        return cid
    s = cid.split(".", 1)[1] if cid.count(".") >= 2 else cid
    return s if len(s) <= n else s[:n - 1] + "\u2026"


def graph_svg(claims: list[dict], anchor=lambda cid: "c-" + cid) -> str:
    """Inline SVG of the dependency graph (empty string when no claim has dependencies)."""
    lay = layout(claims)
    if not lay["nodes"]:
        return ""
    by_id = {c["id"]: c for c in claims}
    prop = propagated_status(claims)
    out = [f'<svg class="depgraph" width="{lay["width"]}" height="{lay["height"]}" '
           f'viewBox="0 0 {lay["width"]} {lay["height"]}" role="img">'
           '<title>Dependency graph of the claims: arrows go from a claim to the claims that use it</title>'
           '<defs><marker id="dg-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
           'markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#666"/></marker>'
           '<pattern id="dg-pending" width="8" height="8" patternUnits="userSpaceOnUse" '
           'patternTransform="rotate(45)"><rect width="8" height="8" fill="#a5d6a7"/>'
           '<rect width="4" height="8" fill="#e8f5e9"/></pattern></defs>']
    for a, b in lay["edges"]:
        na, nb = lay["nodes"][a], lay["nodes"][b]
        x1, y1 = na["x"] + NODE_W, na["y"] + NODE_H / 2
        x2, y2 = nb["x"], nb["y"] + NODE_H / 2
        mx = (x1 + x2) / 2
        bad = prop.get(a, {}).get("status") != "fully_verified"
        dash = ' stroke-dasharray="4 3"' if bad else ""
        out.append(f'<path class="dg-edge" d="M {x1:.1f} {y1:.1f} C {mx:.1f} {y1:.1f} {mx:.1f} {y2:.1f} '
                   f'{x2 - 2:.1f} {y2:.1f}" fill="none" stroke="{"#c77" if bad else "#999"}" '
                   f'stroke-width="1.2"{dash} marker-end="url(#dg-arrow)"/>')
    for cid in sorted(lay["nodes"]):
        n = lay["nodes"][cid]
        c = by_id.get(cid)
        if c is None:
            fill, text, status, label = VERDICT_COLOURS["missing"], VERDICT_TEXT["missing"], "missing", \
                "not in this run"
        else:
            st = prop[cid]["status"]
            status = st
            if st == "fully_verified":
                fill, text, label = VERDICT_COLOURS["verified"], "#fff", "fully verified"
            elif st == "verified_pending":
                fill, text = "url(#dg-pending)", "#1b5e20"
                label = "verified; depends on unverified: " + ", ".join(prop[cid]["blocking"])
            else:
                fill, text, label = VERDICT_COLOURS[st], VERDICT_TEXT[st], st
            if c.get("expect") == "refuted" and c["verdict"] == "refuted":
                label += " (expected: " + (c.get("expect_reason") or "published statement known not to hold") + ")"
        stroke = "#1b5e20" if status == "fully_verified" else "#333"
        sw = 2.5 if status == "fully_verified" else 1
        kind = (c or {}).get("kind", "")
        tick = "\u2714 " if status == "fully_verified" else ""
        tip = escape(f"{cid} \u2014 {label}" + (f" [{kind}]" if kind else ""))
        body = (f'<rect x="{n["x"]}" y="{n["y"]:.1f}" width="{NODE_W}" height="{NODE_H}" rx="5" fill="{fill}" '
                f'stroke="{stroke}" stroke-width="{sw}"/>'
                f'<text x="{n["x"] + 8}" y="{n["y"] + NODE_H / 2 + 4:.1f}" fill="{text}" font-size="11" '
                f'font-family="sans-serif">{tick}'
                f'{escape(_short(cid))}</text>')
        if c is not None:
            body = f'<a href="#{escape(anchor(cid))}">{body}</a>'
        out.append(f'<g class="dg-node" data-status="{status}"><title>{tip}</title>{body}</g>')
    out.append("</svg>")
    return "".join(out)
