"""The CLI: list, diff exit codes, new (scaffold) producing a module and test that pass once filled in."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from claims.core import cli
from claims.core.registry import Registry, load_module
from claims.core.runner import RunConfig, run_claim
from claims.core.scaffold import scaffold

REPO = Path(__file__).resolve().parents[2]


def test_list_prints_every_claim_with_source(capsys):
    rc = cli.main(["list"])
    out = capsys.readouterr().out
    assert rc == 0
    assert "claims," in out and "mutants" in out


def test_diff_exit_status(tmp_path, capsys):
    from tests_support import toy_doc
    old, new = toy_doc(ok=True), toy_doc(ok=False)
    (tmp_path / "old.json").write_text(json.dumps(old))
    (tmp_path / "new.json").write_text(json.dumps(new))
    assert cli.main(["diff", str(tmp_path / "old.json"), str(tmp_path / "old.json")]) == 0
    assert cli.main(["diff", str(tmp_path / "old.json"), str(tmp_path / "new.json")]) == 1
    assert "REGRESSION" in capsys.readouterr().out


def test_scaffold_fails_until_filled_in_then_passes(tmp_path, monkeypatch):
    root = tmp_path / "repo"
    (root / "claims").mkdir(parents=True)
    (root / "claims" / "__init__.py").write_text("")
    made = scaffold("myfam/mypaper", root=root)
    mod, test = root / "claims/myfam/mypaper.py", root / "tests/claims/test_myfam_mypaper.py"
    assert mod in made and test in made
    compile(test.read_text(), str(test), "exec")
    with pytest.raises(SystemExit):
        scaffold("myfam/mypaper", root=root)                 # no silent overwrite
    # import the scaffold as a package of its own (not the real claims package)
    (root / "claims").rename(root / "scaffoldclaims")
    monkeypatch.syspath_prepend(str(root))
    reg = Registry()
    load_module("scaffoldclaims.myfam.mypaper", reg)
    assert not reg.errors, reg.errors
    [claim] = reg.claims.values()
    res = run_claim(claim, RunConfig(profile="ci"))
    assert res["verdict"] == "error" and "TODO" in res["reason"]      # an unfilled scaffold never passes
    src = (root / "scaffoldclaims/myfam/mypaper.py").read_text()
    src = src.replace('raise NotImplementedError("TODO: prediction of mypaper")', 'return Quantity.exact(p["n"])')
    src = src.replace('raise NotImplementedError("TODO: measurement of mypaper")',
                      'return Quantity.exact(sum(1 for _ in range(p["n"])))')
    (root / "scaffoldclaims/myfam/mypaper.py").write_text(src)
    for m in [m for m in sys.modules if m.startswith("scaffoldclaims")]:
        del sys.modules[m]
    reg = Registry()
    load_module("scaffoldclaims.myfam.mypaper", reg)
    [claim] = reg.claims.values()
    res = run_claim(claim, RunConfig(profile="ci"))
    assert res["verdict"] == "verified" and res["mutants"][0]["status"] == "refuted"


def test_scaffold_rejects_bad_names(tmp_path):
    with pytest.raises(SystemExit):
        scaffold("Bad/Name", root=tmp_path)
    with pytest.raises(SystemExit):
        scaffold("core/x", root=tmp_path)


def test_python_dash_m_claims_help_runs():
    out = subprocess.run([sys.executable, "-m", "claims", "--help"], cwd=REPO, capture_output=True, text=True)
    assert out.returncode == 0 and "replay" in out.stdout
