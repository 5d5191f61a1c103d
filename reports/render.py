"""The claim-status dashboard: a results document -> report.html, summary.md, badge.svg.

``write_all(doc, out_dir, baseline=None)`` is the only entry point the CLI uses.
Everything shown is read from the results document (and, for the diff view, a
baseline results document); nothing is recomputed and no claim module is
imported.  The HTML page is self-contained (inline CSS, inline SVG, a little
vanilla JS for filtering and sorting; nothing is fetched at view time), and the
output is byte-identical for the same input (fixed matplotlib hash salt, no
dates in the SVGs, deterministic ordering; the only timestamps are the run's own,
taken from the document).
"""
from __future__ import annotations

import datetime as _dt
import json
import math
import re
from html import escape
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import depgraph
from .svg import MathRenderer, SvgStore, default_plot_data, render_default_plot, render_plot, MAX_PLOTS

TEMPLATES = Path(__file__).parent / "templates"
VERDICTS = ("verified", "refuted", "inconclusive", "error", "skipped")
COLOURS = depgraph.VERDICT_COLOURS
TEXT_COLOURS = depgraph.VERDICT_TEXT
MUTANT_COLOURS = {"refuted": "#2e7d32", "survived": "#c62828", "error": "#6a1b9a", "skipped": "#757575"}
TAG_ORDER = ("paper", "code", "derived", "unconfirmed")
MAX_EVAL_ROWS = 12          # evaluations listed per claim (the plot uses all recorded ones)
MAX_JSON = 300              # characters of an instance / record shown inline
MAX_TRACE = 6000            # characters of a traceback shown


# ---------------------------------------------------------------------------
# formatting helpers (also used as Jinja filters)

def fmt_num(x: Any, digits: int = 4) -> str:
    if x is None:
        return "\u2014"
    if isinstance(x, bool):
        return str(x)
    if isinstance(x, (int, float)):
        if isinstance(x, float) and math.isnan(x):
            return "nan"
        if abs(x) >= 1e307:
            return "\u221e" if x > 0 else "\u2212\u221e"
        if isinstance(x, int) and abs(x) < 10 ** 9:
            return str(x)
        return f"{x:.{digits}g}"
    return str(x)


def fmt_secs(x: Any) -> str:
    if not isinstance(x, (int, float)) or isinstance(x, bool):
        return "\u2014"
    if x < 0.01:
        return f"{x * 1000:.2g} ms"
    if x < 100:
        return f"{x:.2f} s"
    return f"{x / 60:.1f} min"


def fmt_quantity(q: dict | None, full: bool = False) -> str:
    """value [lo, hi]; with ``full`` also the interval's kind and note (what the uncertainty is)."""
    if not q:
        return "\u2014"
    v, lo, hi = q.get("value"), q.get("lo"), q.get("hi")
    s = fmt_num(v, 6)
    if lo is not None and hi is not None and (lo != v or hi != v):
        s += f" [{fmt_num(lo, 6)}, {fmt_num(hi, 6)}]"
    if q.get("ok") is False:
        s += f" (unsettled: {q.get('reason', '')})"
    if full:
        extra = "; ".join(str(x) for x in (q.get("kind"), q.get("note")) if x)
        if extra:
            s += f" \u2014 {extra}"
    return s


def iso_utc(ts: Any) -> str:
    if not isinstance(ts, (int, float)) or isinstance(ts, bool):
        return "\u2014"
    return _dt.datetime.fromtimestamp(ts, tz=_dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


def compact_json(obj: Any, limit: int = MAX_JSON) -> str:
    try:
        s = json.dumps(obj, separators=(", ", ": "), sort_keys=False, default=str)
    except (TypeError, ValueError):
        s = repr(obj)
    return s if len(s) <= limit else s[:limit] + " \u2026"


def clip(s: Any, limit: int) -> str:
    s = "" if s is None else str(s)
    return s if len(s) <= limit else s[:limit] + f"\n\u2026 ({len(s) - limit} more characters in the results file)"


def slug(cid: str) -> str:
    return "c-" + re.sub(r"[^A-Za-z0-9_.-]", "-", cid)


def mutant_score(c: dict) -> tuple[int, int, bool]:
    muts = c.get("mutants") or []
    ref = sum(1 for m in muts if m.get("status") == "refuted")
    bad = any(m.get("status") in ("survived", "error") for m in muts)
    return ref, len(muts), bad


# ---------------------------------------------------------------------------
# statements: markdown subset with TeX

_MATH = re.compile(r"\$\$(.+?)\$\$|(?<![\\$])\$(?!\$)(.+?)(?<![\\$])\$", re.S)


def _inline_md(text: str) -> str:
    """Escape, then `code`, **bold**, *emphasis*."""
    out = []
    for i, part in enumerate(re.split(r"(`[^`]+`)", text)):
        if i % 2:
            out.append(f"<code>{escape(part[1:-1])}</code>")
            continue
        s = escape(part).replace("\\$", "$")
        s = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", s)
        s = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<em>\1</em>", s)
        out.append(s)
    return "".join(out)


def render_inline(text: str, math: MathRenderer) -> str:
    """Text with $TeX$ -> HTML: math as inline SVG, or the raw TeX in <code>
    when mathtext cannot parse it (never raises)."""
    out, pos = [], 0
    for m in _MATH.finditer(text or ""):
        out.append(_inline_md(text[pos:m.start()]))
        display = m.group(1) is not None
        tex = m.group(1) if display else m.group(2)
        try:
            svg = math(tex, display=display)
        except Exception:
            svg = None
        if svg is None:
            out.append(f'<code class="tex" title="TeX not rendered (mathtext cannot parse it)">'
                       f'{"$$" if display else "$"}{escape(tex)}{"$$" if display else "$"}</code>')
        elif display:
            out.append(f'<span class="display-math">{svg}</span>')
        else:
            out.append(svg)
        pos = m.end()
    out.append(_inline_md((text or "")[pos:]))
    return "".join(out)


_BULLET = re.compile(r"^\s*([-*+]|\d+[.)])\s+")


def render_markdown(text: str, math: MathRenderer) -> Markup:
    """Paragraphs and bullet lists, inline code/emphasis, $..$ and $$..$$ math."""
    blocks, html = re.split(r"\n\s*\n", (text or "").strip()), []
    for b in blocks:
        lines = [ln for ln in b.splitlines() if ln.strip()]
        if not lines:
            continue
        if all(_BULLET.match(ln) for ln in lines):
            tag = "ol" if re.match(r"\s*\d", lines[0]) else "ul"
            items = "".join(f"<li>{render_inline(_BULLET.sub('', ln), math)}</li>" for ln in lines)
            html.append(f"<{tag}>{items}</{tag}>")
        else:
            html.append(f"<p>{render_inline(' '.join(ln.strip() for ln in lines), math)}</p>")
    return Markup("".join(html))


# ---------------------------------------------------------------------------
# context

def _load_baseline(baseline) -> dict | None:
    if baseline is None:
        return None
    if isinstance(baseline, dict):
        return baseline
    return json.loads(Path(baseline).read_text(encoding="utf-8"))


def _diff(baseline_doc: dict | None, doc: dict) -> dict | None:
    if baseline_doc is None:
        return None
    from claims.core.diff import diff       # the same logic as `python -m claims diff`
    return diff(baseline_doc, doc)


def _pick_evaluations(evs: list[dict]) -> list[dict]:
    """At most MAX_EVAL_ROWS, keeping every non-holding one first, order preserved."""
    if len(evs) <= MAX_EVAL_ROWS:
        return evs
    keep = [i for i, e in enumerate(evs) if e.get("status") != "holds"][:MAX_EVAL_ROWS]
    rest = [i for i, e in enumerate(evs) if e.get("status") == "holds"][:MAX_EVAL_ROWS - len(keep)]
    return [evs[i] for i in sorted(keep + rest)]


def _eval_row(e: dict) -> dict:
    out = e.get("outcome") or {}
    return {"instance": compact_json(e.get("instance")), "status": e.get("status", "?"),
            "phase": e.get("phase", ""), "predicted": fmt_quantity(e.get("predicted")),
            "measured": fmt_quantity(e.get("measured")), "margin": fmt_num(out.get("scaled_margin")),
            "detail": out.get("detail", "") or (e.get("error") or "").split("\n", 1)[0],
            "records": compact_json(e["records"], 300) if e.get("records") else "",
            "wall": fmt_secs(e.get("wall_s"))}


def _dossier(ce: dict | None) -> dict | None:
    """A counterexample (claim's or a mutant's) in displayable form."""
    if not ce:
        return None
    esc = ce.get("escalation") or None
    esc_view = None
    if esc is not None:
        hp = esc.get("evaluation") or {}
        esc_view = {"done": esc.get("done"), "dps": esc.get("dps"), "reason": esc.get("reason", ""),
                    "status": hp.get("status"), "predicted": fmt_quantity(hp.get("predicted"), True) if hp else "",
                    "measured": fmt_quantity(hp.get("measured"), True) if hp else "",
                    "detail": (hp.get("outcome") or {}).get("detail", "")}
    out = ce.get("outcome") or {}
    return {"instance": compact_json(ce.get("instance"), 2000), "predicted": fmt_quantity(ce.get("predicted"), True),
            "measured": fmt_quantity(ce.get("measured"), True), "status": ce.get("status", ""),
            "margin": fmt_num(out.get("margin")), "scaled_margin": fmt_num(out.get("scaled_margin")),
            "detail": out.get("detail", ""), "replay": ce.get("replay", ""), "escalation": esc_view,
            "error": clip(ce.get("error"), MAX_TRACE) if ce.get("error") else "",
            "records": compact_json(ce["records"], 1000) if ce.get("records") else "", "phase": ce.get("phase", "")}


def short_authors(authors: str) -> str:
    """"A. One" / "A. One and B. Two" / "A. One et al." from an author list."""
    names = [a.strip() for a in re.split(r",|;|\band\b|&", authors) if a.strip()]
    if len(names) <= 1:
        return authors.strip()
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} et al."


def _source_view(src: dict) -> dict:
    arxiv = src.get("arxiv")
    link = src.get("link") or (f"https://arxiv.org/abs/{arxiv}" if arxiv else None)
    if link and not re.match(r"^https?://", str(link)):
        link = None
    return {"authors": src.get("authors", ""), "year": src.get("year", ""), "title": src.get("title", ""),
            "locator": src.get("locator", ""), "arxiv": arxiv, "venue": src.get("venue", ""), "link": link,
            "short": f"{short_authors(src.get('authors') or '?')} ({src.get('year', '?')})"}


def claim_view(c: dict, math: MathRenderer, store: SvgStore, prop: dict, dependents: dict,
               diffmarks: dict) -> dict:
    cid = c.get("id", "?")
    verdict = c.get("verdict", "error")
    ref, declared, mut_bad = mutant_score(c)
    evs = c.get("evaluations") or []
    plots = []
    data = default_plot_data(evs, (c.get("relation") or {}).get("describe", ""))
    # the default plot always appears when it is the claim's only evidence plot; beside the claim's own
    # plots it is kept only when it shows a spread of instances (>= 3 points), to keep the report small
    if data is not None and (not c.get("plots") or len(data["points"]) >= 3):
        plots.append(Markup(render_default_plot(store, data, "predicted vs measured, per instance")))
    for p in (c.get("plots") or [])[:MAX_PLOTS]:
        if isinstance(p, dict):
            plots.append(Markup(render_plot(store, p)))
    n_plots_dropped = max(0, len(c.get("plots") or []) - MAX_PLOTS)
    consts = [{"name": k.get("name", ""), "value": compact_json(k.get("value"), 200), "tag": k.get("tag", "?"),
               "note": Markup(render_inline(k.get("note", "") or "", math))} for k in c.get("constants") or []]
    tags = sorted({k["tag"] for k in consts} | {c.get("provenance", "derived")},
                  key=lambda t: TAG_ORDER.index(t) if t in TAG_ORDER else 99)
    mutants = []
    for m in c.get("mutants") or []:
        mutants.append({"name": m.get("name", ""), "why": Markup(render_inline(m.get("why", ""), math)),
                        "status": m.get("status", "?"), "reason": m.get("reason", ""),
                        "tried": m.get("instances_tried"), "wall": fmt_secs(m.get("wall_time_s")),
                        "dossier": _dossier(m.get("counterexample")),
                        "error": clip(m.get("error"), MAX_TRACE) if m.get("error") else ""})
    p = prop.get(cid, {"status": verdict, "blocking": []})
    rel = c.get("relation") or {}
    src = _source_view(c.get("source") or {})
    ok = c.get("ok", True)
    unconfirmed = bool(c.get("unconfirmed")) or c.get("provenance") == "unconfirmed" or \
        any(k["tag"] == "unconfirmed" for k in consts)
    search = " ".join(str(x) for x in (cid, c.get("family", ""), verdict, src["authors"], src["title"],
                                       src["locator"], src["arxiv"] or "", c.get("kind", ""),
                                       "unconfirmed" if unconfirmed else "")).lower()
    return {
        "id": cid, "anchor": slug(cid), "name": c.get("name", ""), "family": c.get("family", ""),
        "kind": c.get("kind", ""), "file": c.get("file", ""), "verdict": verdict, "reason": c.get("reason", ""),
        "ok": ok, "expect": c.get("expect", "verified"), "expect_reason": c.get("expect_reason", ""),
        "expectation_met": c.get("expectation_met"), "unconfirmed": unconfirmed, "provenance": c.get("provenance", ""),
        "tags": tags, "source": src, "statement": render_markdown(c.get("statement", ""), math),
        "assumptions": [Markup(render_inline(a, math)) for a in c.get("assumptions") or []],
        "relation": {"type": rel.get("type", ""), "describe": rel.get("describe", ""),
                     "why": Markup(render_inline(rel.get("why", "") or "", math))},
        "constants": consts, "notes": render_markdown(c.get("notes", "") or "", math),
        "tier": c.get("tier", ""), "backend": c.get("backend", ""), "device": c.get("device") or {},
        "wall": c.get("wall_time_s"), "wall_txt": fmt_secs(c.get("wall_time_s")),
        "overhead": fmt_secs(c.get("overhead_s")), "tried": c.get("instances_tried", 0),
        "outcome_counts": c.get("outcome_counts") or {}, "budget_exhausted": c.get("budget_exhausted", False),
        "mut_ref": ref, "mut_declared": declared, "mut_bad": mut_bad, "mutants": mutants,
        "margin": c.get("tightest_margin"), "margin_txt": fmt_num(c.get("tightest_margin")),
        "evaluations": [_eval_row(e) for e in _pick_evaluations(evs)], "n_evaluations": len(evs),
        "plots": plots, "n_plots_dropped": n_plots_dropped, "counterexample": _dossier(c.get("counterexample")),
        "solvers": [{"name": s.get("name", "?"), "status": s.get("status", "?"),
                     "details": compact_json({k: v for k, v in s.items() if k not in ("name", "status")}, 300)}
                    for s in c.get("solvers") or [] if isinstance(s, dict)],
        "error": clip(c.get("error"), MAX_TRACE) if c.get("error") else "",
        "depends_on": list(c.get("depends_on") or []), "dependents": dependents.get(cid, []),
        "prop": p["status"], "blocking": p["blocking"], "tiers": c.get("tiers") or [],
        "backends": c.get("backends") or [], "search": search,
        "open": not (verdict == "verified" and ok and not mut_bad),
        "diff": diffmarks.get(cid),
    }


def _diff_marks(d: dict | None) -> dict:
    marks: dict[str, dict] = {}
    if not d:
        return marks
    for t in d.get("transitions", []):
        marks[t["id"]] = {"kind": "regression" if t["regression"] else "change",
                          "text": f"was {t['old']}", "title": f"{t['old']} \u2192 {t['new']}"}
    for x in d.get("margin_drifts", []):
        marks.setdefault(x["id"], {"kind": "drift", "text": f"margin {fmt_num(x['old'])}\u2192{fmt_num(x['new'])}",
                                   "title": f"tightest margin drifted by {fmt_num(x['delta'])}"})
    for m in d.get("mutant_changes", []):
        if m.get("regression"):
            marks[m["id"]] = {"kind": "regression", "text": f"mutant {m['mutant']} {m['new']}",
                              "title": f"mutant {m['mutant']}: {m['old']} \u2192 {m['new']}"}
    for cid in d.get("added", []):
        marks.setdefault(cid, {"kind": "added", "text": "new", "title": "not in the baseline run"})
    return marks


def build_context(doc: dict, baseline=None) -> dict:
    store = SvgStore()
    math = MathRenderer(store)
    claims = sorted(doc.get("claims") or [], key=lambda c: c.get("id", ""))
    base = _load_baseline(baseline)
    d = _diff(base, doc)
    marks = _diff_marks(d)
    prop = depgraph.propagated_status(claims)
    dependents = depgraph.transitive_dependents(claims)
    views = [claim_view(c, math, store, prop, dependents, marks) for c in claims]
    summary = doc.get("summary") or {}
    counts = {v: (summary.get("counts") or {}).get(v, 0) for v in VERDICTS}
    families = {f: {v: n.get(v, 0) for v in VERDICTS} for f, n in sorted((summary.get("families") or {}).items())}
    mutants = summary.get("mutants") or {}
    prov = doc.get("provenance") or {}
    run = doc.get("run") or {}
    graph = depgraph.graph_svg(claims, anchor=slug)
    lay_isolated = depgraph.layout(claims)["isolated"] if claims else []
    wanted = depgraph.most_wanted(claims)
    by_prop = {}
    for v in views:
        by_prop[v["prop"]] = by_prop.get(v["prop"], 0) + 1
    expected_refuted = sum(1 for v in views if v["verdict"] == "refuted" and v["expect"] == "refuted")
    failing = [v for v in views if not v["ok"]]
    ctx = {
        "doc": doc, "ok": bool(doc.get("ok")), "claims": views, "known_ids": {v["id"] for v in views}, "counts": counts, "families": families,
        "mutants": {k: mutants.get(k, 0) for k in ("declared", "refuted", "survived", "error", "skipped")},
        "n_claims": summary.get("claims", len(claims)), "prov": prov, "run": run,
        "hyp": prov.get("hypothesis") or {}, "runcfg": prov.get("run") or {},
        "packages": sorted((prov.get("packages") or {}).items()),
        "started": iso_utc(run.get("started")), "finished": iso_utc(run.get("finished")),
        "wall": fmt_secs(run.get("wall_time_s")), "load_errors": [
            {**{k: e.get(k, "") for k in ("file", "field", "message", "claim_id")},
             "traceback": clip(e.get("traceback"), MAX_TRACE)} for e in doc.get("load_errors") or []],
        "graph": Markup(graph), "isolated": [v for v in views if v["id"] in set(lay_isolated)],
        "most_wanted": wanted, "by_prop": by_prop, "expected_refuted": expected_refuted, "failing": failing,
        "diff": d, "baseline": base, "baseline_prov": (base or {}).get("provenance") or {},
        "baseline_started": iso_utc((base or {}).get("run", {}).get("started")) if base else "",
        "unconfirmed": [v for v in views if v["unconfirmed"]],
        "colours": COLOURS, "text_colours": TEXT_COLOURS, "mutant_colours": MUTANT_COLOURS, "verdicts": VERDICTS,
        "schema_version": doc.get("schema_version", "?"),
    }
    ctx["badge"] = badge_spec(doc)
    ctx["shared_defs"] = Markup(store.defs_block())
    return ctx


# ---------------------------------------------------------------------------
# badge

def _text_width(s: str) -> float:
    """Approximate width (px) of Verdana 11px text, enough for a badge."""
    narrow, wide = set("fijlrt1.,:;|!'() "), set("mwMW%@")
    return sum(3.7 if ch in narrow else 9.5 if ch in wide else 7.0 for ch in s)


def badge_spec(doc: dict) -> dict:
    counts = (doc.get("summary") or {}).get("counts") or {}
    n = sum(counts.get(v, 0) for v in VERDICTS)
    failing = sum(1 for c in doc.get("claims") or [] if not c.get("ok", True))
    n_err = len(doc.get("load_errors") or [])
    msg = f"{counts.get('verified', 0)}/{n} verified"
    if failing:
        msg += f", {failing} failing"
    elif counts.get("inconclusive", 0):
        msg += f", {counts['inconclusive']} inconclusive"
    if n_err:
        msg += f", {n_err} load error{'s' if n_err > 1 else ''}"
    if not doc.get("ok", False):
        colour = "#e05d44"
    elif counts.get("inconclusive", 0) or counts.get("skipped", 0):
        colour = "#dfb317"
    else:
        colour = "#4c1"
    label = "claims"
    lw, mw = round(_text_width(label) + 12), round(_text_width(msg) + 12)
    return {"label": label, "message": msg, "colour": colour, "lw": lw, "mw": mw, "w": lw + mw,
            "lx": lw / 2, "mx": lw + mw / 2}


# ---------------------------------------------------------------------------
# markdown summary

def md_cell(s: Any) -> str:
    return str(s).replace("|", "\\|").replace("\n", " ").strip()


# ---------------------------------------------------------------------------
# entry point

def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), undefined=StrictUndefined,
                      autoescape=lambda name: bool(name) and name.endswith((".html.j2", ".svg.j2")),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(num=fmt_num, secs=fmt_secs, md=md_cell, cjson=compact_json)
    return env


def render(doc: dict, baseline=None) -> dict[str, str]:
    """The three outputs as strings: {"report.html", "summary.md", "badge.svg"}."""
    ctx = build_context(doc, baseline)
    env = _env()
    return {name: env.get_template(name + ".j2").render(**ctx) for name in ("report.html", "summary.md", "badge.svg")}


def write_all(doc: dict, out_dir, baseline: str | Path | dict | None = None) -> list[Path]:
    """Write out_dir/report.html, out_dir/summary.md and out_dir/badge.svg; return their paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in render(doc, baseline).items():
        p = out_dir / name
        tmp = out_dir / f".{name}.tmp"
        tmp.write_text(text, encoding="utf-8", newline="\n")
        tmp.replace(p)
        paths.append(p)
    return paths
