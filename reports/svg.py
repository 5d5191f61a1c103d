"""Offline, deterministic SVG: TeX via matplotlib mathtext, evidence plots via matplotlib.

Every SVG produced here is inlined into one HTML page.  Formulas are laid out by
mathtext and written as ``<use>`` references to glyph outlines (no fonts needed
to view them); the outlines, plot markers and clip paths are content-addressed
(a glyph's id is font + glyph index, marker and clip ids are hashes salted with
``svg.hashsalt``), so :class:`SvgStore` keeps one shared ``<defs>`` block for the
whole page: a glyph used by a hundred formulas is written once.  Plot labels are
SVG ``<text>``.  Output is byte-identical for the same input: fixed hash salt, no
``Date`` metadata, ``<metadata>`` and comments dropped, coordinates rounded to
0.01 pt.
"""
from __future__ import annotations

import io
from html import escape
import math
import re
import xml.etree.ElementTree as ET
from typing import Iterable

import matplotlib
from matplotlib.figure import Figure

HASH_SALT = "claims-report-v1"
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
RC = {
    "svg.hashsalt": HASH_SALT,
    "svg.fonttype": "path",          # formulas: glyphs as outlines, no fonts needed to view
    "svg.image_inline": True,
    "path.simplify": True,
    "font.size": 8.5,
    "axes.titlesize": 9,
    "axes.labelsize": 8.5,
    "legend.fontsize": 7,
    "xtick.labelsize": 7.5,
    "ytick.labelsize": 7.5,
    "axes.grid": True,
    "grid.alpha": 0.25,
    "mathtext.fontset": "dejavusans",
}
# plots: labels as <text> (the browser's sans-serif), a third of the bytes of outlined glyphs
PLOT_RC = {**RC, "svg.fonttype": "none", "font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans"],
           "axes.grid.axis": "y"}
MAX_POINTS = 120          # per series, after deterministic thinning
MAX_PLOTS = 5             # per claim, besides the default predicted-vs-measured plot
HUGE = 1e307              # the results file encodes +-inf as +-1e308

STATUS_COLOURS = {"holds": "#2e7d32", "fails": "#c62828", "undecided": "#f9a825", "error": "#6a1b9a"}


# ---------------------------------------------------------------------------
# shared defs

class SvgStore:
    """Collects content-addressed ``<defs>`` children of every inlined SVG."""

    def __init__(self) -> None:
        self.defs: dict[str, str] = {}
        self.resolved: dict[str, str] = {}
        self._renamed = 0
        self.styles: dict[str, str] = {}     # inline style -> shared CSS class (s0, s1, ... by first use)

    def style_class(self, style: str) -> str:
        if style not in self.styles:
            self.styles[style] = f"s{len(self.styles)}"
        return self.styles[style]

    def inline(self, svg_text: str, css_class: str = "", title: str = "", style: str = "") -> str:
        """matplotlib SVG document -> an inline ``<svg>`` element (string) with
        its defs moved to the shared store and unreferenced ids removed."""
        root = ET.fromstring(svg_text)
        _strip_ns(root)
        for md in list(root.findall("metadata")):
            root.remove(md)
        for el in root.iter():
            el.tail = None
            if el.text is not None and not el.text.strip():
                el.text = None
            if "d" in el.attrib:
                el.set("d", " ".join(el.attrib["d"].split()))
        renames: dict[str, str] = {}
        for parent in list(root.iter()):
            for child in list(parent):
                if child.tag != "defs":
                    continue
                keep = []
                for d in list(child):
                    did = d.get("id")
                    if d.tag == "style":       # matplotlib's global stroke rule: the page CSS has it
                        continue
                    if not did:
                        keep.append(d)
                        continue
                    text = ET.tostring(d, encoding="unicode")
                    old = self.defs.get(did)
                    if old is not None and old != text:     # never expected: same id, different content
                        self._renamed += 1
                        new_id = f"{did}-r{self._renamed}"
                        renames[did] = new_id
                        d.set("id", new_id)
                        text = ET.tostring(d, encoding="unicode")
                        did = new_id
                    self.defs.setdefault(did, text)
                if keep:
                    for d in list(child):
                        if d not in keep:
                            child.remove(d)
                else:
                    parent.remove(child)
        for el in root.iter():
            if el.tag == "g" and "id" in el.attrib:
                del el.attrib["id"]        # figure_1, axes_1, ...: unreferenced and duplicated across plots
            for k, v in list(el.attrib.items()):
                for o, n in renames.items():
                    v = re.sub(rf"#{re.escape(o)}(?=\)|$)", f"#{n}", v)
                el.set(k, v)
        _unwrap_groups(root)
        _round_coordinates(root)
        # matplotlib repeats long inline styles on every tick and label: share them as CSS classes
        for el in root.iter():
            if el is not root and "style" in el.attrib and "class" not in el.attrib:
                el.set("class", self.style_class(el.attrib.pop("style")))
        if css_class:
            root.set("class", css_class)
        root.set("role", "img")
        if style:
            root.set("style", style)
        if title:
            t = ET.Element("title")
            t.text = title
            root.insert(0, t)
        return ET.tostring(root, encoding="unicode", short_empty_elements=True)

    def add(self, did: str, text: str) -> str:
        """Put one def (its id already in ``text``) in the store; returns the id under
        which it is stored (renamed only if the id is taken by different content)."""
        old = self.defs.get(did)
        if old is None or old == text:
            self.defs[did] = text
            self.resolved[did] = did
            return did
        self._renamed += 1
        new_id = f"{did}-r{self._renamed}"
        self.defs[new_id] = text.replace(f'id="{did}"', f'id="{new_id}"', 1)
        self.resolved[did] = new_id
        return new_id

    def defs_block(self) -> str:
        body = "".join(self.defs[k] for k in sorted(self.defs))
        css = "".join(f"svg .{c}{{{st}}}" for st, c in self.styles.items())
        return ('<svg class="shared-defs" width="0" height="0" aria-hidden="true" '
                f'style="position:absolute;width:0;height:0;overflow:hidden"><defs>{body}</defs>'
                + (f"<style>{css}</style>" if css else "") + '</svg>')


def _unwrap_groups(el: ET.Element) -> None:
    """Replace attribute-less <g> wrappers by their children (pure size saving)."""
    kids = []
    for ch in list(el):
        _unwrap_groups(ch)
        if ch.tag == "g" and not ch.attrib:
            kids.extend(list(ch))
        else:
            kids.append(ch)
    el[:] = kids


_LONG_NUM = re.compile(r"-?\d+\.\d{3,}")
_XFORM = re.compile(r"(translate|rotate)\(([^)]*)\)")


def _r2(m: re.Match) -> str:
    v = f"{float(m.group(0)):.2f}".rstrip("0").rstrip(".")
    return "0" if v in ("-0", "") else v


def _round_coordinates(root: ET.Element) -> None:
    """Plot coordinates to 0.01 pt (matplotlib writes 1e-6): about a quarter of the bytes.
    Only positions are rounded (d, x, y, translate, rotate); glyph scales stay exact."""
    for el in root.iter():
        if el is root:
            continue
        for k in ("d", "x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "width", "height"):
            if k in el.attrib:
                el.set(k, _LONG_NUM.sub(_r2, el.attrib[k]))
        t = el.get("transform")
        if t and re.fullmatch(r"rotate\(-?0 [^)]*\)", t):
            del el.attrib["transform"]
        elif t:
            el.set("transform", _XFORM.sub(lambda m: f"{m.group(1)}({_LONG_NUM.sub(_r2, m.group(2))})", t))


def _strip_ns(root: ET.Element) -> None:
    """Inline SVG in HTML needs no namespaces: drop them (and with them every http URL)."""
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.startswith("{"):
            el.tag = el.tag.split("}", 1)[1]
        for k in list(el.attrib):
            if k.startswith("{"):
                v = el.attrib.pop(k)
                name = k.split("}", 1)[1]
                el.set("href" if k == f"{{{XLINK_NS}}}href" else name, v)


def _axes():
    """A plot figure with fixed margins (constrained layout costs ~40% of the render time)."""
    fig = Figure(figsize=(5.2, 3.3))
    fig.subplots_adjust(left=0.14, right=0.97, bottom=0.14, top=0.91)
    return fig, fig.add_subplot()


def _save_svg(fig: Figure, **kw) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None}, **kw)
    return buf.getvalue()


# ---------------------------------------------------------------------------
# TeX

TEX_FIXES = [
    (r"\\le(?![a-zA-Z])", r"\\leq"), (r"\\ge(?![a-zA-Z])", r"\\geq"),
    (r"\\lVert|\\rVert|\\Vert", r"\\|"), (r"\\lvert|\\rvert", "|"),
    (r"\\tfrac", r"\\frac"), (r"\\(?:displaystyle|textstyle|scriptstyle)\s*", ""),
    (r"\\(?:big|Big|bigg|Bigg)[lrm]?(?![a-zA-Z])\s*", ""),
    (r"\\iff(?![a-zA-Z])", r"\\Leftrightarrow"), (r"\\implies(?![a-zA-Z])", r"\\Rightarrow"),
    (r"\\operatorname\*", r"\\operatorname"), (r"\\eqqcolon", "=:"), (r"\\coloneqq", ":="),
    (r"\\nonumber|\\notag", ""),
]


def normalize_tex(tex: str) -> str:
    """Map common LaTeX spellings that mathtext lacks onto ones it has."""
    s = tex.strip()
    for pat, rep in TEX_FIXES:
        s = re.sub(pat, rep, s)
    return _brace_args(_brace_fracs(s))


_ONE_ARG = re.compile(r"\\(sqrt|hat|tilde|bar|vec|dot|ddot|widehat|widetilde|overline|mathbb|mathcal|mathrm|"
                      r"mathbf|mathsf|mathit|boldsymbol)(?![A-Za-z])\s*(?=[^\s{\[])")


def _brace_args(s: str) -> str:
    r"""``\sqrt n`` -> ``\sqrt{n}``, ``\hat\theta`` -> ``\hat{\theta}`` (mathtext wants braces)."""
    out, i = [], 0
    for m in _ONE_ARG.finditer(s):
        if m.start() < i:
            continue
        a = _tex_arg(s, m.end())
        if not a:
            continue
        out.append(s[i:m.start()] + "\\" + m.group(1) + "{" + a[0] + "}")
        i = a[1]
    out.append(s[i:])
    return "".join(out)


def _tex_arg(s: str, i: int) -> tuple[str, int] | None:
    """One TeX argument starting at s[i] (after spaces): {group}, \\command or one character."""
    while i < len(s) and s[i] == " ":
        i += 1
    if i >= len(s):
        return None
    if s[i] == "{":
        depth = 0
        for j in range(i, len(s)):
            depth += {"{": 1, "}": -1}.get(s[j], 0)
            if depth == 0:
                return s[i + 1:j], j + 1
        return None
    if s[i] == "\\":
        m = re.match(r"\\([A-Za-z]+|.)", s[i:])
        return (m.group(0), i + len(m.group(0))) if m else None
    return s[i], i + 1


def _brace_fracs(s: str) -> str:
    r"""``\frac12``, ``\frac\beta2``, ``\frac L2`` -> ``\frac{1}{2}`` ... (mathtext wants braces)."""
    out, i = [], 0
    for m in re.finditer(r"\\[dt]?frac(?![A-Za-z])", s):
        if m.start() < i:
            continue
        a = _tex_arg(s, m.end())
        b = _tex_arg(s, a[1]) if a else None
        if not (a and b):
            continue
        out.append(s[i:m.start()] + "\\frac{" + _brace_fracs(a[0]) + "}{" + _brace_fracs(b[0]) + "}")
        i = b[1]
    out.append(s[i:])
    return "".join(out)


_parser = None


MATH_PAD_PT = 2.0


def tex_box(tex: str, size: float = 11.0) -> tuple[float, float, float] | None:
    """(width, height incl. depth, depth) in pt of ``$tex$`` in mathtext, or None if it does not parse."""
    global _parser
    from matplotlib.font_manager import FontProperties
    from matplotlib.mathtext import MathTextParser
    if _parser is None:
        _parser = MathTextParser("path")
    try:
        with matplotlib.rc_context(RC):
            r = _parser.parse(f"${tex}$", 72, FontProperties(size=size))
            return float(r.width), float(r.height), float(r.depth)
    except Exception:
        return None


def tex_parses(tex: str) -> bool:
    return tex_box(normalize_tex(tex)) is not None


class MathRenderer:
    """TeX -> inline SVG (cached); ``None`` when mathtext cannot parse it.

    The formula is laid out by matplotlib's mathtext (one parse) and written as
    ``<use>`` references to glyph outlines kept in the page's shared defs, the
    same way matplotlib's SVG backend writes text with ``svg.fonttype: path``,
    but without a figure: about three times faster."""

    def __init__(self, store: SvgStore, fontsize: float = 11.0):
        from matplotlib.textpath import TextToPath
        self.store, self.fontsize = store, fontsize
        self.cache: dict[tuple, str | None] = {}
        self.ttp = TextToPath()
        self.glyphs: dict = {}          # glyph id -> outline, already in the store

    def __call__(self, tex: str, display: bool = False) -> str | None:
        key = (tex, display)
        if key not in self.cache:
            self.cache[key] = self._render(tex, display)
        return self.cache[key]

    def _render(self, tex: str, display: bool) -> str | None:
        from matplotlib.font_manager import FontProperties
        fixed = normalize_tex(tex)
        if not fixed or "\n" in fixed and not display:
            return None
        fixed = " ".join(fixed.split())
        size = self.fontsize * (1.15 if display else 1.0)
        try:
            with matplotlib.rc_context(RC):
                prop = FontProperties(size=size)
                w, h, d = self.ttp.get_text_width_height_descent(f"${fixed}$", prop, ismath=True)
                info, new, rects = self.ttp.get_glyphs_mathtext(prop, f"${fixed}$", glyph_map=self.glyphs,
                                                                return_new_glyphs_only=True)
        except Exception:
            return None
        ids = {}
        for gid, (verts, codes) in new.items():
            self.glyphs[gid] = (verts, codes)
            sid = gid.replace("%20", "_")
            d64 = _path_d([(x * 64, y * 64) for x, y in verts], codes)
            ids[gid] = self.store.add(sid, f'<path id="{escape(sid)}" d="{d64}" transform="scale(0.015625)" />')
        k = size / 100.0                  # TextToPath.FONT_SCALE
        pad = MATH_PAD_PT
        W, H = w + 2 * pad, h + 2 * pad
        body = []
        for gid, x, y, sc in info:
            ref = ids.get(gid) or self.store.resolved.get(gid.replace("%20", "_"), gid.replace("%20", "_"))
            scale = "" if sc == 1 else f" scale({_f(sc)})"
            body.append(f'<use href="#{escape(ref)}" transform="translate({_f(x)} {_f(y)}){scale}" />')
        for verts, codes in rects:
            body.append(f'<path d="{_path_d(verts, codes)}" />')
        style = "" if display else f' style="vertical-align:-{d + pad:.2f}pt"'
        return (f'<svg width="{W:.2f}pt" height="{H:.2f}pt" viewBox="0 0 {W:.2f} {H:.2f}" version="1.1" '
                f'class="{"math display" if display else "math"}" role="img"{style}><title>{escape(tex)}</title>'
                f'<g transform="translate({pad:.2f} {pad + h - d:.2f}) scale({k:.6g} {-k:.6g})">'
                + "".join(body) + "</g></svg>")


def _f(v: float) -> str:
    s = f"{v:.4f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _path_d(verts, codes) -> str:
    """(vertices, codes) of a matplotlib Path -> SVG path data."""
    from matplotlib.path import Path as MPath
    out, i, n = [], 0, len(verts)
    codes = list(codes) if codes is not None else [MPath.MOVETO] + [MPath.LINETO] * (n - 1)
    while i < n:
        c = codes[i]
        if c == MPath.MOVETO:
            out.append(f"M {_f(verts[i][0])} {_f(verts[i][1])}")
            i += 1
        elif c == MPath.LINETO:
            out.append(f"L {_f(verts[i][0])} {_f(verts[i][1])}")
            i += 1
        elif c == MPath.CURVE3:
            (a, b), (x, y) = verts[i], verts[i + 1]
            out.append(f"Q {_f(a)} {_f(b)} {_f(x)} {_f(y)}")
            i += 2
        elif c == MPath.CURVE4:
            (a, b), (e, f), (x, y) = verts[i], verts[i + 1], verts[i + 2]
            out.append(f"C {_f(a)} {_f(b)} {_f(e)} {_f(f)} {_f(x)} {_f(y)}")
            i += 3
        elif c == MPath.CLOSEPOLY:
            out.append("z")
            i += 1
        else:                              # STOP
            i += 1
    return " ".join(out)


# ---------------------------------------------------------------------------
# plots

def _finite(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and abs(v) < HUGE


def _thin(n: int, cap: int = MAX_POINTS) -> list[int]:
    if n <= cap:
        return list(range(n))
    step = (n - 1) / (cap - 1)
    return sorted({int(round(i * step)) for i in range(cap)})


def _as_list(v) -> list:
    if v is None:
        return []
    return list(v) if isinstance(v, (list, tuple)) else [v]


def _num(v):
    return float(v) if _finite(v) else math.nan


def _log_ok(vals: Iterable[float]) -> bool:
    vals = [v for v in vals if not math.isnan(v)]
    return bool(vals) and all(v > 0 for v in vals)


def render_plot(store: SvgStore, plot: dict, title_prefix: str = "") -> str:
    """One plot dict from the results file -> inline SVG (never raises: a plot
    that cannot be drawn becomes a short note)."""
    try:
        with matplotlib.rc_context(PLOT_RC):
            fig, ax = _axes()
            _draw_series(ax, plot)
            ax.set_title(str(plot.get("title", ""))[:120])
            ax.set_xlabel(str(plot.get("xlabel", ""))[:80])
            ax.set_ylabel(str(plot.get("ylabel", ""))[:80])
            if ax.get_legend_handles_labels()[0]:
                ax.legend(loc="best", frameon=False)
            svg = _save_svg(fig)
    except Exception as e:  # a malformed plot must not take the report down
        from html import escape
        return f'<p class="plot-error">plot {escape(str(plot.get("title", "")))!s} not drawn: ' \
               f'{escape(type(e).__name__)}: {escape(str(e)[:200])}</p>'
    return store.inline(svg, "plot", title=title_prefix + str(plot.get("title", "")))


def _draw_series(ax, plot: dict) -> None:
    xs_all, ys_all = [], []
    for i, s in enumerate(plot.get("series", [])[:12]):
        style = s.get("style", "line")
        label = str(s.get("label", ""))[:60] or None
        colour = f"C{i % 10}"
        if style == "hist" or plot.get("kind") == "hist":
            data = [v for v in map(_num, _as_list(s.get("x"))) if not math.isnan(v)]
            if data:
                ax.hist(data, bins=min(40, max(5, int(math.sqrt(len(data))))), alpha=0.6, label=label,
                        color=colour)
                xs_all += data
            continue
        if style == "hline":
            ys = [_num(v) for v in _as_list(s.get("y"))]
            for y in ys[:5]:
                if not math.isnan(y):
                    ax.axhline(y, color=colour, ls="--", lw=1, label=label)
                    label = None
                    ys_all.append(y)
            continue
        x = [_num(v) for v in _as_list(s.get("x"))]
        y = [_num(v) for v in _as_list(s.get("y"))]
        lo = [_num(v) for v in _as_list(s.get("lo"))]
        hi = [_num(v) for v in _as_list(s.get("hi"))]
        n = len(x)
        if not y and style == "band":
            y = [(a + b) / 2 for a, b in zip(lo, hi)]
        n = min(n, len(y)) if y else n
        idx = _thin(n)
        x = [x[j] for j in idx]
        y = [y[j] for j in idx] if y else []
        lo = [lo[j] for j in idx if j < len(lo)]
        hi = [hi[j] for j in idx if j < len(hi)]
        xs_all += x
        ys_all += y + lo + hi
        if style == "band" and len(lo) == len(x) == len(hi):
            ax.fill_between(x, lo, hi, alpha=0.25, color=colour, lw=0, label=label)
            if y and not all(math.isnan(v) for v in y) and s.get("y") is not None:
                ax.plot(x, y, color=colour, lw=1)
        elif style == "errorbar" and len(lo) == len(x) == len(hi) == len(y):
            err = [[max(0.0, a - b) if not (math.isnan(a) or math.isnan(b)) else 0.0 for a, b in zip(y, lo)],
                   [max(0.0, b - a) if not (math.isnan(a) or math.isnan(b)) else 0.0 for a, b in zip(y, hi)]]
            ax.errorbar(x, y, yerr=err, fmt="o", ms=3, capsize=2, lw=0.8, color=colour, label=label)
        elif style == "scatter":
            ax.plot(x, y, "o", ms=3, alpha=0.8, color=colour, label=label)
        else:
            ax.plot(x, y, "-", lw=1.3, color=colour, label=label)
    if plot.get("logx") and _log_ok(xs_all):
        ax.set_xscale("log")
    if plot.get("logy") and _log_ok(ys_all):
        ax.set_yscale("log")


def default_plot_data(evaluations: list[dict], relation: str = "") -> dict | None:
    """Predicted vs measured, with their intervals, one point per evaluated instance."""
    pts = []
    for ev in evaluations:
        p, m = ev.get("predicted") or {}, ev.get("measured") or {}
        pv, mv = p.get("value"), m.get("value")
        if not (_finite(pv) and _finite(mv)):
            continue
        pts.append((float(pv), _num(p.get("lo")), _num(p.get("hi")), float(mv), _num(m.get("lo")),
                    _num(m.get("hi")), ev.get("status", "?")))
    if not pts:
        return None
    return {"points": pts, "relation": relation}


def _visible(err: list, centre: list, logs: bool) -> bool:
    """Would any error bar be visible (> ~0.5% of the axis span)?"""
    if logs:
        return any(hi > 0.01 * abs(c) or lo > 0.01 * abs(c) for lo, hi, c in zip(err[0], err[1], centre))
    span = (max(centre) - min(centre)) if len(centre) > 1 else abs(centre[0])
    span = span or max(abs(c) for c in centre) or 1.0
    return any(v > 0.005 * span for v in err[0] + err[1])


def render_default_plot(store: SvgStore, data: dict, title: str) -> str:
    pts = data["points"]
    try:
        with matplotlib.rc_context(PLOT_RC):
            fig, ax = _axes()
            vals = [v for q in pts for v in (q[0], q[3]) if not math.isnan(v)]
            lo_all = [v for q in pts for v in (q[1], q[4]) if not math.isnan(v)] + vals
            logs = _log_ok(lo_all) and max(vals) / min(vals) > 100
            for status in ("holds", "undecided", "fails", "error", "?"):
                sel = [q for q in pts if q[6] == status]
                if not sel:
                    continue
                x = [q[0] for q in sel]
                y = [q[3] for q in sel]
                xerr = [[max(0.0, q[0] - q[1]) if not math.isnan(q[1]) else 0.0 for q in sel],
                        [max(0.0, q[2] - q[0]) if not math.isnan(q[2]) else 0.0 for q in sel]]
                yerr = [[max(0.0, q[3] - q[4]) if not math.isnan(q[4]) else 0.0 for q in sel],
                        [max(0.0, q[5] - q[3]) if not math.isnan(q[5]) else 0.0 for q in sel]]
                colour, label = STATUS_COLOURS.get(status, "#555"), f"{status} ({len(sel)})"
                if _visible(xerr, x, logs) or _visible(yerr, y, logs):
                    ax.errorbar(x, y, xerr=xerr, yerr=yerr, fmt="o", ms=3.5, capsize=2, lw=0.8, color=colour,
                                label=label + ", with intervals")
                else:   # intervals narrower than a marker: bars would only add bytes
                    ax.plot(x, y, "o", ms=3.5, color=colour, label=label + ", intervals < marker")
            lo, hi = min(lo_all), max(v for q in pts for v in (q[2], q[5], q[0], q[3]) if not math.isnan(v))
            if lo == hi:
                lo, hi = lo - 1, hi + 1
            ax.plot([lo, hi], [lo, hi], color="#888", lw=0.8, ls=":", label="measured = predicted")
            if logs:
                ax.set_xscale("log")
                ax.set_yscale("log")
            ax.set_xlabel("predicted (theory)")
            ax.set_ylabel("measured (experiment)")
            ax.set_title(title[:120])
            ax.legend(loc="best", frameon=False)
            svg = _save_svg(fig)
    except Exception as e:
        from html import escape
        return f'<p class="plot-error">default plot not drawn: {escape(type(e).__name__)}: {escape(str(e)[:200])}</p>'
    return store.inline(svg, "plot", title=title)
