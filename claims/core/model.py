"""The claim model: Source, Constant, Claim, Mutant, Context, Plot.

A claim module reads like the paper::

    SOURCE = Source(title=..., authors=..., year=..., arxiv=..., locator="Theorem 1")

    def predict(p, ctx):  ...  -> Quantity      # the theory side
    def measure(p, ctx):  ...  -> Quantity      # the experiment side (calls simulators/)

    my_claim = Claim(
        name="short_name", source=SOURCE,
        statement=r"markdown with $TeX$",
        assumptions=["..."], params=<hypothesis strategy>, assume=<predicate>,
        predict=predict, measure=measure, relation=AtMost(why="..."),
        mutants=[Mutant("bound halved", "...", predict=lambda p, ctx: predict(p, ctx).scale(0.5))],
    )

The registry finds every module-level Claim under ``claims/`` and gives it the id
``<family>.<module>.<name>``.  ``predict``/``measure`` take the instance ``p`` (a
dict drawn from ``params``) and optionally a Context ``ctx``.
"""
from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

TIERS = ("quick", "full", "gpu")
BACKENDS = ("numpy", "torch")
TAGS = ("paper", "code", "derived", "unconfirmed")
EXPECTATIONS = ("verified", "refuted")
DEFAULT_EXAMPLES = {"quick": 10, "full": 60, "gpu": 60}
DEFAULT_BUDGET_S = {"quick": 20.0, "full": 240.0, "gpu": 480.0}


@dataclass(frozen=True)
class Source:
    title: str
    authors: str
    year: int
    locator: str                      # "Theorem 2", "Eq. (12)", "Table 2", "Sec. 4 (reconstructed)"
    arxiv: str | None = None          # "2002.10553"
    venue: str = ""
    url: str | None = None

    @property
    def link(self) -> str | None:
        if self.url:
            return self.url
        return f"https://arxiv.org/abs/{self.arxiv}" if self.arxiv else None

    def cite(self) -> str:
        return f"{self.authors} ({self.year}), {self.title}, {self.locator}"

    def to_json(self) -> dict:
        return {"title": self.title, "authors": self.authors, "year": self.year, "locator": self.locator,
                "arxiv": self.arxiv, "venue": self.venue, "link": self.link}


@dataclass(frozen=True)
class Constant:
    """A constant or statement fragment with its provenance tag.

    tag: ``paper`` (confirmed from the paper), ``code`` (what the authors' code
    computes), ``derived`` (derived here from definitions), ``unconfirmed``
    (recalled, not confirmed against the paper: the report flags it)."""
    name: str
    value: Any
    tag: str
    note: str = ""

    def to_json(self) -> dict:
        from .jsonutil import to_jsonable
        return {"name": self.name, "value": to_jsonable(self.value), "tag": self.tag, "note": self.note}


@dataclass
class Plot:
    """Evidence plot data; reports/ renders it (claims know nothing of HTML)."""
    title: str
    xlabel: str = ""
    ylabel: str = ""
    series: list = field(default_factory=list)   # list of dicts, see ``add``
    logx: bool = False
    logy: bool = False
    kind: str = "xy"                              # "xy" or "hist"

    def add(self, label: str, x, y=None, lo=None, hi=None, style: str = "line") -> "Plot":
        """style: line | scatter | band (lo/hi required) | errorbar (lo/hi) | hline (y scalar) | hist (x = samples)."""
        from .jsonutil import to_jsonable
        self.series.append({k: to_jsonable(v) for k, v in
                            dict(label=label, x=x, y=y, lo=lo, hi=hi, style=style).items() if v is not None})
        return self

    def to_json(self) -> dict:
        return {"title": self.title, "xlabel": self.xlabel, "ylabel": self.ylabel, "series": self.series,
                "logx": self.logx, "logy": self.logy, "kind": self.kind}


class Context:
    """What a predict/measure function may know about the run.

    tier, backend ("numpy"/"torch"), xp (array namespace), device, dtype,
    precision ("float64" normally, "high" during precision escalation, with
    ``dps`` decimal digits for mpmath), seed (derived from the instance), rng.
    ``record(**kv)`` attaches scalar evidence to the instance; ``plot(Plot)``
    attaches a plot to the claim's evidence; ``solver(...)`` records a solver."""

    def __init__(self, tier="quick", backend="numpy", precision="float64", dps=15, seed=0,
                 device="cpu", dtype="float64"):
        import numpy as np
        self.tier, self.backend, self.precision, self.dps = tier, backend, precision, dps
        self.seed, self.device, self.dtype = seed, device, dtype
        self.rng = np.random.default_rng(seed)
        self.records: dict = {}
        self.plots: list[Plot] = []
        self.solvers: list[dict] = []
        self._xp = None

    @property
    def high_precision(self) -> bool:
        return self.precision == "high"

    @property
    def xp(self):
        if self._xp is None:
            from simulators.backend import namespace
            self._xp = namespace(self.backend, self.device, self.dtype)
        return self._xp

    def record(self, **kv) -> None:
        self.records.update(kv)

    def plot(self, plot: Plot) -> Plot:
        self.plots.append(plot)
        return plot

    def solver(self, name: str, status: str, **details) -> None:
        self.solvers.append({"name": name, "status": status, **details})


def call(fn: Callable, p, ctx: Context):
    """Call ``fn(p)`` or ``fn(p, ctx)`` depending on its signature."""
    try:
        n = len([q for q in inspect.signature(fn).parameters.values()
                 if q.kind in (q.POSITIONAL_ONLY, q.POSITIONAL_OR_KEYWORD) and q.default is q.empty])
    except (TypeError, ValueError):
        n = 2
    return fn(p, ctx) if n >= 2 else fn(p)


@dataclass
class Mutant:
    """A deliberately false variant of a claim.  Any of predict, measure, relation,
    params, assume, examples may be replaced; the rest is inherited.  The harness
    must refute it (find an instance where the relation fails)."""
    name: str
    why: str
    predict: Callable | None = None
    measure: Callable | None = None
    relation: Any = None
    params: Any = None
    assume: Callable | None = None
    examples: Sequence[Mapping] | None = None
    max_examples: Mapping[str, int] | int | None = None
    tiers: Sequence[str] | None = None      # tiers in which this mutant can be refuted (default: the claim's)
    skip_reason: str = ""                  # e.g. "not refutable at CPU sizes; runs in the gpu tier"

    def to_json(self) -> dict:
        return {"name": self.name, "why": self.why}


NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass
class Claim:
    name: str
    source: Source
    statement: str
    predict: Callable
    measure: Callable
    relation: Any
    mutants: Sequence[Mutant] = ()
    assumptions: Sequence[str] = ()
    params: Any = None               # hypothesis strategy, or {tier: strategy}, or None (one instance: {})
    assume: Callable | None = None   # p -> True/None if p satisfies the assumptions, False or a message if not
    examples: Sequence[Mapping] = () # explicit instances always tried first (the paper's instance)
    depends_on: Sequence[str] = ()   # names in this module, or full ids
    constants: Sequence[Constant] = ()
    provenance: str = "derived"      # tag of the statement as encoded: paper / code / derived / unconfirmed
    tiers: Sequence[str] = ("quick", "full")
    backends: Sequence[str] = ("numpy",)
    max_examples: Mapping[str, int] | int | None = None
    budget_s: Mapping[str, float] | float | None = None
    high_precision: bool = False     # predict/measure honour ctx.high_precision (mpmath) for escalation
    expect: str = "verified"         # "refuted": a paper statement known not to hold (strict-xfail-like)
    expect_reason: str = ""
    kind: str = "theorem"            # theorem / lemma / proposition / empirical / identity / control
    notes: str = ""
    skip_reason: str = ""            # registered but not checkable here (e.g. statement not available)
    # set by the registry:
    id: str = ""
    module: str = ""
    file: str = ""

    @property
    def family(self) -> str:
        return self.id.split(".")[0] if self.id else ""

    def strategy_for(self, tier: str, override=None):
        params = self.params if override is None else override
        if isinstance(params, Mapping):
            return params.get(tier, params.get("quick"))
        return params

    def examples_for(self, tier: str, override=None) -> int:
        m = self.max_examples if override is None else override
        if m is None:
            return DEFAULT_EXAMPLES[tier]
        if isinstance(m, Mapping):
            return int(m.get(tier, m.get("quick", DEFAULT_EXAMPLES[tier])))
        return int(m)

    def budget_for(self, tier: str) -> float:
        b = self.budget_s
        if b is None:
            return DEFAULT_BUDGET_S[tier]
        if isinstance(b, Mapping):
            return float(b.get(tier, DEFAULT_BUDGET_S[tier]))
        return float(b)

    def validate(self) -> list[str]:
        """Problems with the declaration, each naming the field."""
        from .relations import Relation
        errs = []
        if not isinstance(self.name, str) or not NAME_RE.match(self.name):
            errs.append(f"name: {self.name!r} is not a lower_snake_case identifier")
        if not isinstance(self.source, Source):
            errs.append("source: missing or not a Source(title, authors, year, locator, arxiv)")
        else:
            for f in ("title", "authors", "locator"):
                if not getattr(self.source, f):
                    errs.append(f"source.{f}: empty")
            if not isinstance(self.source.year, int):
                errs.append("source.year: not an int")
        if not self.statement:
            errs.append("statement: empty")
        for f in ("predict", "measure"):
            if not callable(getattr(self, f)):
                errs.append(f"{f}: not callable")
        if not isinstance(self.relation, Relation):
            errs.append("relation: not a Relation (Equal, AtMost, AtLeast, Within, CIContains, RateBelow, ...)")
        if not self.mutants and not self.skip_reason:
            errs.append("mutants: a claim needs at least one mutant (a false variant the harness must refute)")
        for m in self.mutants:
            if not isinstance(m, Mutant):
                errs.append(f"mutants: {m!r} is not a Mutant")
            elif m.relation is not None and not isinstance(m.relation, Relation):
                errs.append(f"mutants[{m.name}].relation: not a Relation")
        if len({m.name for m in self.mutants if isinstance(m, Mutant)}) != len(self.mutants):
            errs.append("mutants: names must be unique")
        for t in self.tiers:
            if t not in TIERS:
                errs.append(f"tiers: unknown tier {t!r} (known: {TIERS})")
        for b in self.backends:
            if b not in BACKENDS:
                errs.append(f"backends: unknown backend {b!r}")
        if self.provenance not in TAGS:
            errs.append(f"provenance: {self.provenance!r} not in {TAGS}")
        for c in self.constants:
            if not isinstance(c, Constant) or c.tag not in TAGS:
                errs.append(f"constants: {c!r} needs a Constant with tag in {TAGS}")
        if self.expect not in EXPECTATIONS:
            errs.append(f"expect: {self.expect!r} not in {EXPECTATIONS}")
        if self.expect == "refuted" and not self.expect_reason:
            errs.append("expect_reason: a claim expected to be refuted must say why")
        return errs

    @property
    def unconfirmed(self) -> bool:
        return self.provenance == "unconfirmed" or any(c.tag == "unconfirmed" for c in self.constants)

    def describe(self) -> dict:
        return {
            "id": self.id, "name": self.name, "family": self.family, "module": self.module, "file": self.file,
            "kind": self.kind, "source": self.source.to_json(), "statement": self.statement,
            "assumptions": list(self.assumptions), "relation": self.relation.to_json(),
            "constants": [c.to_json() for c in self.constants], "provenance": self.provenance,
            "unconfirmed": self.unconfirmed, "depends_on": list(self.depends_on), "tiers": list(self.tiers),
            "backends": list(self.backends), "expect": self.expect, "expect_reason": self.expect_reason,
            "notes": self.notes, "mutants": [m.to_json() for m in self.mutants],
        }
