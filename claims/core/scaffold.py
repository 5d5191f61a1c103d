"""``python -m claims new FAMILY/NAME``: a claim module and its test that pass once filled in.

The module is a template with TODOs that runs as written only after its
prediction and measurement are filled in: until then the TODO raises, so a
scaffold can never be mistaken for a verified claim.
"""
from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

MODULE = '''"""{title}: TODO one-line summary of the paper's result.

Spec / notes: TODO (where the statement comes from, what is confirmed).
"""
from claims.core import AtMost, Claim, Constant, Mutant, Quantity, Source, st

SOURCE = Source(
    title="TODO paper title",
    authors="TODO authors",
    year=2024,
    arxiv=None,                       # e.g. "2401.00001"
    locator="TODO Theorem number",    # where in the paper
)


def predict(p, ctx):
    """The theory side (closed form, sympy, mpmath). Must not share code with measure()."""
    raise NotImplementedError("TODO: prediction of {name}")


def measure(p, ctx):
    """The experiment side: call a simulator in simulators/ and return a Quantity with its uncertainty."""
    raise NotImplementedError("TODO: measurement of {name}")


{name} = Claim(
    name="{name}",
    source=SOURCE,
    statement=r"TODO the statement, markdown with $TeX$",
    assumptions=["TODO assumptions the parameter space respects"],
    params=st.fixed_dictionaries({{"n": st.integers(2, 20)}}),
    assume=lambda p: p["n"] >= 2 or "n >= 2",
    predict=predict,
    measure=measure,
    relation=AtMost(why="TODO: justify every tolerance (solver accuracy, float precision, confidence)"),
    constants=[Constant("TODO", None, "unconfirmed", "TODO provenance of each constant")],
    mutants=[
        Mutant("bound_halved", "TODO a false variant the harness must refute",
               predict=lambda p, ctx: predict(p, ctx).scale(0.5)),
    ],
)
'''

TEST = '''"""Test of claims/{family}/{name}.py: the claim loads, is well formed, and its
verdict (and every mutant's refutation) comes out as declared in the quick tier."""
import pytest

from claims.core.registry import Registry, load_module
from claims.core.runner import RunConfig, run_claim

MODULE = "claims.{family}.{name}"
pytestmark = pytest.mark.claims


def test_{family}_{name}_is_well_formed_and_holds():
    reg = Registry()
    load_module(MODULE, reg)
    assert not reg.errors, "\\n".join(map(str, reg.errors))
    assert reg.claims, f"{{MODULE}} defines no Claim"
    for claim in reg.claims.values():
        res = run_claim(claim, RunConfig(profile="ci"))
        assert res["verdict"] == claim.expect, (claim.id, res["verdict"], res["reason"], res.get("error"))
        assert all(m["status"] in ("refuted", "skipped") for m in res["mutants"]), res["mutants"]
'''


def scaffold(target: str, force: bool = False, root: Path = REPO) -> list[Path]:
    m = re.fullmatch(r"([a-z][a-z0-9_]*)/([a-z][a-z0-9_]*)", target.strip().removesuffix(".py"))
    if not m:
        raise SystemExit(f"expected FAMILY/NAME in lower_snake_case, got {target!r}")
    family, name = m.groups()
    if family == "core":
        raise SystemExit("'core' is the harness, not a family")
    pkg = root / "claims" / family
    files = {
        pkg / "__init__.py": f'"""Claims of the {family} family."""\n',
        pkg / f"{name}.py": MODULE.format(title=name.replace("_", " ").title(), name=name),
        root / "tests" / "claims" / f"test_{family}_{name}.py": TEST.format(family=family, name=name),
    }
    made = []
    for path, text in files.items():
        if path.exists() and path.name == "__init__.py":
            continue
        if path.exists() and not force:
            raise SystemExit(f"{path} exists (use --force to overwrite)")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        made.append(path)
    return made
