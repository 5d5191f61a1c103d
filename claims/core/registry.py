"""Discovery of claim modules under ``claims/``.

Every module ``claims/<family>/<paper>.py`` (any depth, but not ``claims/core``
and not files starting with ``_``) is imported; every module-level ``Claim``
becomes a registered claim with id ``<family>.<paper>.<name>``.  A module that
fails to import, or a claim whose declaration is malformed, becomes a LoadError
naming the file and the field; the other claims are unaffected.
"""
from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from .model import Claim

ROOT = Path(__file__).resolve().parents[1]          # the claims/ package
SKIP_PACKAGES = {"core"}


@dataclass
class LoadError:
    file: str
    field: str
    message: str
    claim_id: str = ""
    traceback: str = ""

    def to_json(self) -> dict:
        return {"file": self.file, "field": self.field, "message": self.message,
                "claim_id": self.claim_id, "traceback": self.traceback}

    def __str__(self):
        who = f"{self.claim_id} " if self.claim_id else ""
        return f"{self.file}: {who}[{self.field}] {self.message}"


@dataclass
class Registry:
    claims: dict[str, Claim] = field(default_factory=dict)
    errors: list[LoadError] = field(default_factory=list)

    def select(self, family: str | None = None, ids: list[str] | None = None, pattern: str | None = None):
        out = list(self.claims.values())
        if family:
            fams = set(family.split(","))
            out = [c for c in out if c.family in fams]
        if ids:
            out = [c for c in out if c.id in ids]
        if pattern:        # comma-separated substrings of ids, any of which selects a claim
            pats = [q for q in pattern.split(",") if q]
            out = [c for c in out if any(q in c.id for q in pats)]
        return out

    def dependents(self, claim_id: str) -> list[str]:
        return [c.id for c in self.claims.values() if claim_id in c.depends_on]


def module_names(root: Path = ROOT, package: str = "claims") -> list[str]:
    names = []
    for info in pkgutil.walk_packages([str(root)], prefix=package + "."):
        parts = info.name.split(".")
        if parts[1] in SKIP_PACKAGES or any(p.startswith("_") for p in parts[1:]):
            continue
        if info.ispkg or len(parts) < 3:
            continue
        names.append(info.name)
    return sorted(names)


def _rel(path: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(ROOT.parent))
    except ValueError:
        return str(path)


def load_module(name: str, registry: Registry) -> None:
    try:
        origin = importlib.util.find_spec(name).origin
    except Exception:
        origin = None
    file = _rel(origin or name.replace(".", "/") + ".py")
    try:
        mod = importlib.import_module(name)
    except Exception as e:  # any import failure is reported, never fatal
        registry.errors.append(LoadError(file, "import", f"{type(e).__name__}: {e}",
                                         traceback=traceback.format_exc(limit=8)))
        return
    prefix = name.split(".", 1)[1]
    found = [(attr, obj) for attr, obj in vars(mod).items() if isinstance(obj, Claim)]
    for attr, claim in found:
        if claim.id and claim.module != name:       # imported from another module: not ours
            continue
        claim.id = f"{prefix}.{claim.name}" if isinstance(claim.name, str) else f"{prefix}.{attr}"
        claim.module, claim.file = name, file
        problems = claim.validate()
        if problems:
            for msg in problems:
                fld, _, rest = msg.partition(": ")
                registry.errors.append(LoadError(file, fld, rest, claim_id=claim.id))
            continue
        if claim.id in registry.claims:
            registry.errors.append(LoadError(file, "name", f"duplicate claim id {claim.id}", claim_id=claim.id))
            continue
        claim.depends_on = tuple(d if "." in d else f"{prefix}.{d}" for d in claim.depends_on)
        registry.claims[claim.id] = claim


def discover(root: Path = ROOT, package: str = "claims") -> Registry:
    reg = Registry()
    for name in module_names(root, package):
        load_module(name, reg)
    for c in list(reg.claims.values()):
        for d in c.depends_on:
            if d not in reg.claims:
                reg.errors.append(LoadError(c.file, "depends_on", f"unknown claim {d}", claim_id=c.id))
    return reg


_cached: Registry | None = None


def registry() -> Registry:
    """The process-wide registry (discovered once)."""
    global _cached
    if _cached is None:
        _cached = discover()
    return _cached
