"""Every registered claim and every mutant, as pytest tests (``pytest -m claims``).

Ids read ``test_claim[<family>.<paper>.<name>]`` and
``test_mutant[<family>.<paper>.<name>::<mutant>]`` so ``-k koopman`` selects a family.
"""
import pytest

from claims.core.pytest_plugin import check_claim_result, check_mutant_result, claim_config, record
from claims.core.registry import registry
from claims.core.runner import run_claim

REG = registry()
CLAIMS = sorted(REG.claims)
MUTANTS = [f"{cid}::{m.name}" for cid in CLAIMS for m in REG.claims[cid].mutants]

pytestmark = pytest.mark.claims


@pytest.mark.parametrize("claim_id", CLAIMS)
def test_claim(claim_id):
    res = run_claim(REG.claims[claim_id], claim_config(), mutants=False)
    record(res)
    check_claim_result(res)


@pytest.mark.parametrize("mutant_id", MUTANTS)
def test_mutant(mutant_id):
    claim_id, name = mutant_id.split("::")
    res = run_claim(REG.claims[claim_id], claim_config(), only_mutant=name)
    record(res)
    check_mutant_result(res)


def test_claim_modules_load():
    """Malformed modules are reported (file and field) while the other claims still run."""
    if REG.errors:
        pytest.fail("claim modules with errors:\n" + "\n".join(f"{e}\n{e.traceback}" for e in REG.errors),
                    pytrace=False)


def test_registry_is_not_empty():
    assert CLAIMS, "no claims registered: 'pytest -m claims' would test nothing"
