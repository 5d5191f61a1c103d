"""The dashboard renderer (reports/): determinism, self-containment, badge,
markdown summary, dependency propagation, most-wanted ranking, diff view, TeX."""
from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reports import depgraph, render
from reports.svg import MathRenderer, SvgStore, normalize_tex, tex_parses

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_report_fixture import make_baseline, make_doc  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


def light_doc() -> dict:
    """The fixture without its plots and long evaluation lists (for tests about text)."""
    doc = make_doc()
    for c in doc["claims"]:
        c["plots"], c["evaluations"] = [], c["evaluations"][:2]
    return doc


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """The fixture rendered with its baseline, once for the module."""
    d = tmp_path_factory.mktemp("report")
    doc, base = make_doc(), make_baseline()
    doc_before = copy.deepcopy(doc)
    paths = render.write_all(doc, d, baseline=base)
    assert doc == doc_before, "the renderer must not modify the results document"
    return {p.name: p.read_text(encoding="utf-8") for p in paths} | {"_dir": d, "_paths": paths}


def test_write_all_writes_the_three_files(outputs):
    assert sorted(p.name for p in outputs["_paths"]) == ["badge.svg", "report.html", "summary.md"]
    assert all(p.parent == outputs["_dir"] for p in outputs["_paths"])


# ---------------------------------------------------------------------------
# determinism

def test_byte_identical_for_the_same_results(outputs, tmp_path):
    render.write_all(make_doc(), tmp_path, baseline=make_baseline())
    for name in ("report.html", "summary.md", "badge.svg"):
        assert (tmp_path / name).read_bytes() == (outputs["_dir"] / name).read_bytes(), name


def test_byte_identical_across_processes(outputs, tmp_path):
    """Another interpreter, another hash seed, the results given as a file path."""
    res, base = tmp_path / "results.json", tmp_path / "baseline.json"
    res.write_text(json.dumps(make_doc()))
    base.write_text(json.dumps(make_baseline()))
    out = tmp_path / "out"
    code = ("import json, sys; from reports.render import write_all; "
            f"write_all(json.load(open({str(res)!r})), {str(out)!r}, baseline={str(base)!r})")
    env = {**os.environ, "PYTHONHASHSEED": "12345", "OMP_NUM_THREADS": "1"}
    subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, check=True, timeout=300)
    for name in ("report.html", "summary.md", "badge.svg"):
        assert (out / name).read_bytes() == (outputs["_dir"] / name).read_bytes(), name


def test_no_dates_in_svg(outputs):
    html = outputs["report.html"]
    assert "<dc:date>" not in html and "<metadata" not in html
    # the only timestamps are the run's own (from the results document)
    years = set(re.findall(r"\b20\d\d-\d\d-\d\d\b", html))
    assert years <= {"2026-11-23", "2026-11-18"}, years


# ---------------------------------------------------------------------------
# self-containment

class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for k, v in attrs:
            if k in ("src", "href", "xlink:href", "data", "action", "poster", "srcset") and v is not None:
                self.refs.append((tag, k, v))


def test_self_contained(outputs):
    html = outputs["report.html"]
    p = _Refs()
    p.feed(html)
    allowed = {c["source"]["link"] for c in make_doc()["claims"] if c["source"].get("link")}
    external = [(t, k, v) for t, k, v in p.refs if re.match(r"^\s*(https?:)?//", v)]
    assert external, "the arXiv links should be there"
    for tag, attr, url in external:
        assert tag == "a" and attr == "href", f"network reference at view time: <{tag} {attr}={url}>"
        assert url in allowed and url.startswith("https://arxiv.org/abs/"), url
    assert not [r for r in p.refs if r[1] == "src"], "no src= at all: everything is inline"
    assert "link" not in p.tags and "img" not in p.tags and "iframe" not in p.tags
    assert "@import" not in html and not re.search(r"url\(\s*['\"]?(https?:)?//", html)
    # every other http(s) string is an SVG namespace declaration or the anchors above
    for m in re.finditer(r"https?://[^\s\"'<>)]+", html):
        assert m.group(0) in allowed or m.group(0) == "http://www.w3.org/2000/svg", m.group(0)
    # every internal reference resolves
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    for tag, attr, v in p.refs:
        if v.startswith("#") and len(v) > 1:
            assert v[1:] in ids, f"dangling reference {v}"
    for ref in re.findall(r"url\(#([^)]+)\)", html):
        assert ref in ids, ref
    assert len(ids) == len(re.findall(r'\sid="([^"]+)"', html)), "duplicate ids"


def test_one_shared_defs_block_and_inline_svgs(outputs):
    html = outputs["report.html"]
    assert html.count('class="shared-defs"') == 1
    assert html.count('class="plot"') >= 5            # default plots + the lemma's own plots
    assert 'class="depgraph"' in html
    assert "<script>" in html and "<style>" in html
    # size guard: the full quick tier must stay < 5 MB (94 real claims gave 2.8 MB, ~30 KB each)
    assert len(html.encode()) < 50_000 * len(make_doc()["claims"])


# ---------------------------------------------------------------------------
# content of the page

def test_table_and_sections(outputs):
    html = outputs["report.html"]
    doc = make_doc()
    for c in doc["claims"]:
        assert f'data-id="{c["id"]}"' in html
        assert f'id="c-{c["id"]}"' in html
    assert 'id="filter-text"' in html and 'id="filter-verdict"' in html
    assert "arXiv:2002.10553" in html and "Theorem 2" in html
    # mutant score and margin columns
    assert ">0/1<" in html                      # the surviving mutant
    assert "UNCONFIRMED" in html and 'class="unconfirmed-box"' in html
    # passing claims collapsed, failing / unsettled ones open
    assert re.search(r'<details class="claim" id="c-fam_a\.paper1\.clean_lemma"[^>]*data-search="[^"]*">', html)
    assert re.search(r'<details class="claim" id="c-fam_b\.paper2\.bound_refuted"[^>]* open>', html)
    # counterexample dossier with the replay command and escalation
    assert "python -m claims replay fam_b.paper2.bound_refuted" in html
    assert "re-evaluated at 50 digits" in html
    # solver details, traceback of the erroring claim, load errors
    assert "CLARABEL" in html and "simulator diverged" in html
    assert 'id="load-errors"' in html and "claims/fam_d/broken.py" in html
    # expected refutation shown with its reason
    assert "the published 3-digit precision is not supported" in html


def test_evaluations_and_plot_points_are_capped(outputs):
    html = outputs["report.html"]
    sec = html.split('id="c-fam_a.paper1.lemma_base"', 1)[1].split('<details class="claim"', 1)[0]
    rows = sec.split('<table class="evals">', 1)[1].split("</table>", 1)[0]
    assert rows.count("<tr class=\"st-") == render.MAX_EVAL_ROWS
    assert f"{render.MAX_EVAL_ROWS} shown of 60 recorded" in sec


def test_malformed_plot_never_crashes(tmp_path):
    doc = make_doc()
    c = doc["claims"][0]
    c["plots"] = [{"title": "x"}, {"series": [{"style": "band", "x": [1, 2], "lo": [1], "hi": None}]},
                  {"title": "log of negatives", "logx": True, "logy": True,
                   "series": [{"x": [-1, 0, 1], "y": [0, -2, 1e308], "style": "scatter"}]}, "not a dict"]
    c["evaluations"] = [{"instance": {}, "status": "error", "error": "boom"},
                        {"instance": {}, "status": "holds", "predicted": {"value": 1e308, "lo": 0, "hi": 1e308},
                         "measured": {"value": None}}]
    c["statement"] = "unbalanced $x and $$ and \\$5 and $\\frac{1}{$"
    render.write_all(doc, tmp_path)
    assert (tmp_path / "report.html").stat().st_size > 0


def test_minimal_and_empty_documents(tmp_path):
    doc = light_doc()
    minimal = {k: doc[k] for k in ("schema_version", "run", "provenance", "summary", "load_errors", "ok")}
    minimal["claims"] = [{"id": "f.m.c", "family": "f", "verdict": "verified", "source": {"title": "t", "authors": "a",
                          "year": 2000, "locator": "Thm 1"}, "statement": "s", "mutants": []}]
    render.write_all(minimal, tmp_path / "a")
    empty = {**minimal, "claims": [], "summary": {"counts": {}, "families": {}, "mutants": {}, "claims": 0}}
    render.write_all(empty, tmp_path / "b")
    assert "0 claims" in (tmp_path / "b" / "summary.md").read_text()


def test_reports_reads_only_the_document():
    """No claim module is imported to render (claims.core.diff is the shared diff logic)."""
    code = ("import sys, json; sys.path.insert(0, 'tests/unit'); from test_report_fixture import make_doc, "
            "make_baseline; from reports.render import render; d = make_doc(); "
            "[c.update(plots=[], evaluations=c['evaluations'][:2]) for c in d['claims']]; "
            "render(d, make_baseline()); "
            "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('claims', 'simulators')))))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True,
                         timeout=300, env={**os.environ, "OMP_NUM_THREADS": "1"})
    mods = json.loads(out.stdout.strip().splitlines()[-1])
    assert set(mods) <= {"claims", "claims.core", "claims.core.diff"} | {m for m in mods if m.startswith("claims.core")}
    assert not [m for m in mods if m.startswith("simulators") or
                (m.startswith("claims.") and not m.startswith("claims.core"))], mods


# ---------------------------------------------------------------------------
# TeX

def test_tex_rendered_offline_or_shown_raw():
    store = SvgStore()
    math = MathRenderer(store)
    html = render.render_inline(r"bound $\|x\|_2 \le \sqrt{n}$ and $\begin{align} a \end{align}$", math)
    assert html.count("<svg") == 1 and 'class="math"' in html
    assert '<code class="tex"' in html and r"\begin{align}" in html
    assert normalize_tex(r"a \le b \ge c \lVert x \rVert \tfrac12") == r"a \leq b \geq c \| x \| \frac{1}{2}"
    assert normalize_tex(r"\frac\beta2 + \frac L{n} \sqrt n \hat\theta") == r"\frac{\beta}{2} + \frac{L}{n} \sqrt{n} \hat{\theta}"
    for tex in (r"\tfrac12\|y\|^2", r"\frac1L\sum_l a_l^L \ge \prod_l a_l", r"\ln(2\sqrt n/\delta)",
                r"\big[\tfrac12(s-\sigma)^2\big]", r"p \iff q", r"\operatorname*{argmin}_x"):
        assert tex_parses(tex), tex
    assert tex_parses(r"\le") and not tex_parses(r"\frac{1}{")
    assert "DejaVuSans" in store.defs_block()          # glyphs are shared, written once
    for bad in ["$", "$$", "$$$", "\\$ 5", "$a$$b$", "$\\", "`$x$`", "*$x$*"]:
        render.render_markdown(bad, math)            # never raises


def test_markdown_statement():
    math = MathRenderer(SvgStore())
    html = str(render.render_markdown("First $x$ **bold** `c`.\n\n- one\n- two $y$", math))
    assert html.startswith("<p>First <svg") and "<strong>bold</strong>" in html and "<code>c</code>" in html
    assert "<ul><li>one</li><li>two <svg" in html
    assert "&lt;script&gt;" in str(render.render_markdown("<script>alert(1)</script>", math))


# ---------------------------------------------------------------------------
# badge

def test_badge(outputs):
    svg = outputs["badge.svg"]
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg") and int(root.get("height")) == 20
    assert "8/13 verified" in svg and "3 failing" in svg and "2 load errors" in svg
    assert "#e05d44" in svg                          # red: the run fails


@pytest.mark.parametrize("mutate, colour, text", [
    (lambda d: None, "#4c1", "3/3 verified"),
    (lambda d: d["claims"][0].update(verdict="inconclusive"), "#dfb317", "1 inconclusive"),
    (lambda d: (d["claims"][0].update(ok=False), d.update(ok=False)), "#e05d44", "1 failing"),
])
def test_badge_colours(mutate, colour, text):
    doc = light_doc()
    doc["claims"] = [c for c in doc["claims"] if c["id"].startswith("fam_a.paper1.clean") or
                     c["id"] == "fam_a.paper1.lemma_base"]
    doc["load_errors"], doc["ok"] = [], True
    mutate(doc)
    from test_report_fixture import summarize
    doc["summary"] = summarize(doc["claims"])
    spec = render.badge_spec(doc)
    assert spec["colour"] == colour and text in spec["message"]
    out = render.render(doc)["badge.svg"]
    ET.fromstring(out)
    assert spec["w"] == spec["lw"] + spec["mw"] and spec["mw"] > len(spec["message"]) * 4


# ---------------------------------------------------------------------------
# markdown summary

def test_markdown_summary(outputs):
    md = outputs["summary.md"]
    assert md.startswith("## Claim status: FAILING")
    assert "| verified | 8 |" in md and "| refuted | 2 |" in md and "| skipped | 1 |" in md
    assert "| fam_b | 1 | 2 | 0 | 1 | 1 |" in md
    assert "mutants refuted 11/13 (survived 1" in md
    assert "- `fam_c.paper3.vacuous`: verified" in md and "sign_flipped (survived)" in md
    assert "1. `fam_a.paper1.lemma_open` (inconclusive, 2 dependents)" in md
    assert "2. `fam_b.paper2.gpu_scaling` (skipped, 1 dependent)" in md
    assert "`claims/fam_d/broken.py` [import]" in md
    assert "commit 0123456789ab (dirty)" in md and "tier quick" in md
    assert "<" not in md.replace("<sub>", "").replace("</sub>", "")     # no HTML leaking into markdown
    assert "\n\n\n" not in md


# ---------------------------------------------------------------------------
# dependency graph: propagation and most wanted

def test_dependency_propagation():
    claims = make_doc()["claims"]
    st = depgraph.propagated_status(claims)
    assert st["fam_a.paper1.clean_lemma"] == {"status": "fully_verified", "blocking": []}
    assert st["fam_a.paper1.clean_theorem"]["status"] == "fully_verified"
    assert st["fam_a.paper1.theorem_main"] == {"status": "verified_pending", "blocking": ["fam_a.paper1.lemma_open"]}
    # transitively: the corollary rests on theorem_main, which rests on the open lemma
    assert st["fam_a.paper1.corollary"]["status"] == "verified_pending"
    assert "fam_a.paper1.lemma_open" in st["fam_a.paper1.corollary"]["blocking"]
    # a dependency absent from the run blocks too
    assert st["fam_c.paper3.vacuous"]["blocking"] == ["fam_z.gone.lemma"]
    assert st["fam_a.paper1.lemma_open"]["status"] == "inconclusive"
    assert st["fam_b.paper2.bound_refuted"]["status"] == "refuted"


def test_dependency_cycles_and_graph_svg():
    c = lambda cid, v, deps: {"id": cid, "verdict": v, "depends_on": deps, "family": "f"}   # noqa: E731
    claims = [c("f.m.a", "verified", ["f.m.b"]), c("f.m.b", "verified", ["f.m.a"]), c("f.m.c", "verified", ["f.m.a"])]
    st = depgraph.propagated_status(claims)
    assert all(s["status"] == "fully_verified" for s in st.values())
    assert depgraph.transitive_dependents(claims)["f.m.a"] == ["f.m.b", "f.m.c"]
    svg = depgraph.graph_svg(claims)
    ET.fromstring(svg)
    assert svg.count('class="dg-node"') == 3
    svg = depgraph.graph_svg(make_doc()["claims"])
    ET.fromstring(svg)
    assert 'data-status="verified_pending"' in svg and 'data-status="fully_verified"' in svg
    assert 'data-status="missing"' in svg and "fam_z.gone.lemma" in svg
    assert depgraph.graph_svg([c("f.m.x", "verified", [])]) == ""


def test_most_wanted_ranking():
    claims = make_doc()["claims"]
    wanted = depgraph.most_wanted(claims)
    assert [(w["id"], w["n_dependents"]) for w in wanted] == [
        ("fam_a.paper1.lemma_open", 2), ("fam_b.paper2.gpu_scaling", 1)]
    assert wanted[0]["dependents"] == ["fam_a.paper1.corollary", "fam_a.paper1.theorem_main"]
    # ties broken by id; verified/refuted/error claims are not wanted
    c = lambda cid, v, deps=(): {"id": cid, "verdict": v, "depends_on": list(deps)}   # noqa: E731
    ws = depgraph.most_wanted([c("f.m.z", "skipped"), c("f.m.a", "inconclusive"), c("f.m.e", "error"),
                               c("f.m.t", "verified", ["f.m.z"])])
    assert [w["id"] for w in ws] == ["f.m.z", "f.m.a"]


# ---------------------------------------------------------------------------
# diff view

def test_diff_view_highlights_regressions(outputs):
    html = outputs["report.html"]
    from claims.core.diff import diff
    d = diff(make_baseline(), make_doc())
    assert 'id="diff"' in html
    sec = html.split('id="diff"', 1)[1].split("</section>", 1)[0]
    n_reg_rows = sec.count('<tr class="regression">')
    assert n_reg_rows == sum(t["regression"] for t in d["transitions"]) + \
        sum(m["regression"] for m in d["mutant_changes"])
    assert "fam_b.paper2.bound_refuted" in sec and "fam_a.paper1.lemma_base" in sec   # regression + drift
    assert "Added:" in sec and "fam_a.paper1.corollary" in sec and "fam_a.paper1.old_claim" in sec
    # history marks in the claim table
    assert re.search(r'class="mark mark-regression" title="verified → refuted">was verified<', html)
    assert 'class="mark mark-drift"' in html and 'class="mark mark-added"' in html
    md = outputs["summary.md"]
    assert "**REGRESSION** `fam_b.paper2.bound_refuted`: verified → refuted" in md
    assert "margin drift `fam_a.paper1.lemma_base`: 0.3 → 0.12" in md


def test_no_diff_without_baseline(tmp_path):
    render.write_all(light_doc(), tmp_path)
    assert 'id="diff"' not in (tmp_path / "report.html").read_text()
    assert "Changes since the baseline" not in (tmp_path / "summary.md").read_text()


def test_unchanged_baseline_says_so(tmp_path):
    doc = light_doc()
    out = render.render(doc, baseline=copy.deepcopy(doc))
    assert "No status changes." in out["report.html"] and "No status changes." in out["summary.md"]
