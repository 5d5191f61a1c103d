"""Results file: schema round-trip, atomic writes, interruption, diff."""
import json
import os

import pytest

from claims.core import AtMost, Claim, Mutant, Quantity, Source, st
from claims.core.diff import diff, format_diff
from claims.core.jsonutil import decode_instance, encode_instance, write_json_atomic
from claims.core.results import build_document, load, run_suite, validate
from claims.core.runner import RunConfig, run_claim

SRC = Source(title="Toy", authors="Nobody", year=2024, locator="Lemma 1", arxiv="2401.00001")
CFG = RunConfig(profile="ci")


def toy(name="toy", off=-1):
    c = Claim(name=name, source=SRC, statement="$n-1 \\le n$", params=st.fixed_dictionaries({"n": st.integers(1, 9)}),
              predict=lambda p: Quantity.exact(p["n"]), measure=lambda p: Quantity.exact(p["n"] + off),
              relation=AtMost(), mutants=[Mutant("m", "w", predict=lambda p: Quantity.exact(p["n"] - 5))])
    c.id = f"toy.unit.{name}"
    return c


def test_document_validates_and_round_trips(tmp_path):
    doc = run_suite([toy()], CFG, None, tmp_path / "r.json")
    validate(doc)
    again = load(tmp_path / "r.json")
    assert again == json.loads(json.dumps(doc))
    prov = again["provenance"]
    for key in ("git_commit", "git_dirty", "python", "packages", "blas", "cpu", "gpu", "hypothesis"):
        assert key in prov
    assert prov["hypothesis"]["derandomized"] is True and prov["packages"]["numpy"]
    assert again["summary"]["counts"]["verified"] == 1 and again["summary"]["mutants"]["refuted"] == 1


def test_schema_rejects_bad_verdict(tmp_path):
    import jsonschema
    doc = run_suite([toy()], CFG, None, None)
    doc["claims"][0]["verdict"] = "probably"
    with pytest.raises(jsonschema.ValidationError):
        validate(doc)


def test_instance_encoding_is_lossless():
    import numpy as np
    from fractions import Fraction
    inst = {"X": np.arange(6, dtype=np.float32).reshape(2, 3) / 3, "q": Fraction(1, 3), "t": (1, 2.5),
            "inf": float("inf"), "s": "x"}
    back = decode_instance(json.loads(json.dumps(encode_instance(inst))))
    assert back["X"].dtype == np.float32 and (back["X"] == inst["X"]).all()
    assert back["q"] == Fraction(1, 3) and back["t"] == (1, 2.5) and back["inf"] == float("inf")


def test_atomic_write_never_leaves_half_a_file(tmp_path, monkeypatch):
    path = tmp_path / "results.json"
    write_json_atomic(path, {"v": 1})

    class Interrupted(BaseException):
        pass

    real = os.fsync
    def die(fd):
        raise Interrupted()
    monkeypatch.setattr(os, "fsync", die)
    with pytest.raises(Interrupted):
        write_json_atomic(path, {"v": 2, "big": list(range(10000))})
    monkeypatch.setattr(os, "fsync", real)
    assert json.loads(path.read_text()) == {"v": 1}              # old file intact
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]   # no temp file left


def test_interrupted_run_writes_no_results(tmp_path):
    def interrupt(p):
        raise KeyboardInterrupt
    c = toy()
    c.measure = interrupt
    with pytest.raises(KeyboardInterrupt):
        run_suite([toy("first"), c], CFG, None, tmp_path / "r.json")
    assert not (tmp_path / "r.json").exists()


def _doc(*claims):
    return build_document([run_claim(c, CFG) for c in claims], CFG)


def test_diff_flags_regressions_and_exit_status():
    old = _doc(toy("a"), toy("b", off=+1))
    new = _doc(toy("a", off=+1), toy("b"))
    d = diff(old, new)
    trans = {t["id"]: t for t in d["transitions"]}
    assert trans["toy.unit.a"]["regression"] and trans["toy.unit.a"]["new"] == "refuted"
    assert not trans["toy.unit.b"]["regression"]
    assert d["regressions"] == ["toy.unit.a"]
    assert "REGRESSION toy.unit.a: verified -> refuted" in format_diff(d)
    assert diff(old, old)["regressions"] == []


def test_diff_counts_removed_verified_claim_and_mutant_survival():
    old = _doc(toy("a"), toy("b"))
    new = _doc(toy("a"))
    assert diff(old, new)["regressions"] == ["toy.unit.b"]
    weak = toy("a")
    weak.mutants = [Mutant("m", "w", predict=lambda p: Quantity.exact(p["n"] + 5))]
    d = diff(old, _doc(weak, toy("b")))
    assert d["mutant_changes"][0]["regression"] and d["regressions"] == ["toy.unit.a"]


def test_non_finite_quantities_serialise(tmp_path):
    """Unsettled (NaN) quantities and one-sided ranges (inf) must not break the results writer."""
    c = toy("nonfinite")
    c.measure = lambda p: Quantity.unsettled("CLARABEL status 'max_iterations'")
    c.predict = lambda p: Quantity.range(0.0, float("inf"))
    doc = run_suite([c], CFG, None, tmp_path / "r.json")
    back = load(tmp_path / "r.json")["claims"][0]["evaluations"][0]
    assert back["measured"]["value"] is None and back["measured"]["ok"] is False
    assert back["predicted"]["hi"] == 1e308 and doc["claims"][0]["verdict"] == "inconclusive"
    assert Quantity.from_json(back["measured"]).ok is False
