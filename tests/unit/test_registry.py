"""Registry discovery and bad input: malformed modules are named, the rest still load."""
import sys
import textwrap

import pytest

from claims.core.registry import discover

GOOD = '''
from claims.core import AtMost, Claim, Mutant, Quantity, Source, st
S = Source(title="T", authors="A", year=2020, locator="Thm 1", arxiv="2001.00001")
good = Claim(name="good", source=S, statement="x", params=None,
             predict=lambda p: Quantity.exact(1), measure=lambda p: Quantity.exact(0), relation=AtMost(),
             depends_on=["lemma"],
             mutants=[Mutant("m", "w", predict=lambda p: Quantity.exact(-1))])
lemma = Claim(name="lemma", source=S, statement="y", params=None, kind="lemma",
              predict=lambda p: Quantity.exact(1), measure=lambda p: Quantity.exact(0), relation=AtMost(),
              mutants=[Mutant("m", "w", predict=lambda p: Quantity.exact(-1))])
'''


@pytest.fixture
def pkg(tmp_path, monkeypatch):
    root = tmp_path / "fakeclaims"
    (root / "fam").mkdir(parents=True)
    (root / "__init__.py").write_text("")
    (root / "fam" / "__init__.py").write_text("")
    (root / "fam" / "paper.py").write_text(GOOD)
    monkeypatch.syspath_prepend(str(tmp_path))
    yield root
    for m in [m for m in sys.modules if m.startswith("fakeclaims")]:
        del sys.modules[m]


def test_discovers_claims_with_ids_and_resolved_dependencies(pkg):
    reg = discover(pkg, "fakeclaims")
    assert sorted(reg.claims) == ["fam.paper.good", "fam.paper.lemma"]
    assert reg.claims["fam.paper.good"].depends_on == ("fam.paper.lemma",)
    assert reg.claims["fam.paper.good"].family == "fam"
    assert reg.dependents("fam.paper.lemma") == ["fam.paper.good"]
    assert not reg.errors


def test_import_error_is_reported_with_file_and_others_still_load(pkg):
    (pkg / "fam" / "broken.py").write_text("import numpy\nraise RuntimeError('simulator missing')\n")
    reg = discover(pkg, "fakeclaims")
    assert "fam.paper.good" in reg.claims
    [err] = reg.errors
    assert err.file.endswith("fam/broken.py") and err.field == "import" and "simulator missing" in err.message


@pytest.mark.parametrize("patch,field", [
    ('source=S', 'source=None'),
    ('mutants=[Mutant("m", "w", predict=lambda p: Quantity.exact(-1))])\nlemma', 'mutants=[])\nlemma'),
    ('relation=AtMost(),\n             depends_on', 'relation="<=",\n             depends_on'),
])
def test_malformed_claim_names_file_and_field(pkg, patch, field):
    src = GOOD.replace(patch, field, 1)
    assert src != GOOD
    (pkg / "fam" / "paper.py").write_text(src)
    reg = discover(pkg, "fakeclaims")
    assert "fam.paper.lemma" in reg.claims and "fam.paper.good" not in reg.claims
    fields = {e.field for e in reg.errors}
    assert fields & {"source", "mutants", "relation"}, reg.errors
    assert all(e.file.endswith("fam/paper.py") and e.claim_id == "fam.paper.good" for e in reg.errors)


def test_unknown_dependency_is_an_error(pkg):
    (pkg / "fam" / "paper.py").write_text(GOOD.replace('depends_on=["lemma"]', 'depends_on=["nope"]'))
    reg = discover(pkg, "fakeclaims")
    assert any(e.field == "depends_on" and "fam.paper.nope" in e.message for e in reg.errors)


def test_expected_refutation_needs_a_reason(pkg):
    (pkg / "fam" / "paper.py").write_text(GOOD.replace('kind="lemma"', 'kind="lemma", expect="refuted"'))
    reg = discover(pkg, "fakeclaims")
    assert any(e.field == "expect_reason" for e in reg.errors)


def test_real_registry_loads_without_errors():
    from claims.core.registry import registry
    reg = registry()
    assert not reg.errors, "\n".join(map(str, reg.errors))
