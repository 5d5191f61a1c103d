"""The Chinchilla replication data shipped with the repository (data/README.md gives
origin and attribution), verified by sha256 when loaded, and cached fits on it.

Claims that need these data check ``available()`` and are skipped with
``MISSING_REASON`` when the file is absent; a file whose hash differs raises
DataIntegrityError (the claim then errors rather than fitting altered data).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from simulators.scaling_fit import ScalingData, fit_scaling_law

DATA = Path(__file__).resolve().parent / "data" / "svg_extracted_data.csv"
SHA256 = "193478df4e90f040016431996c45682659306840ecdadf83cfb9cd5ca0aa1b30"
DROP_HIGHEST = 5            # the replication drops the 5 highest-loss runs (245 -> 240)
MISSING_REASON = (f"replication data file {DATA.name} is not in claims/scaling_laws/data/ "
                  "(see data/README.md); the synthetic claims run without it")
BOOT_DRAWS = {"quick": 200, "full": 4000}   # 4000 = the replication's pair-bootstrap size
BOOT_SEED = 20240410                        # fixed, recorded in every FitRecord
CHINCHILLA_C = 5.88e23                      # 6 * 70e9 * 1.4e12 FLOPs (spec 8.2)


def available() -> bool:
    return DATA.is_file()


@lru_cache(maxsize=None)
def load() -> ScalingData:
    return ScalingData.from_csv(DATA, expected_sha256=SHA256)


@lru_cache(maxsize=None)
def fit(objective="huber", starts="small", n_starts=20, tol="tight", reduction="sum", bootstrap=0,
        seed=BOOT_SEED, exclude=(), exclusion_rule=""):
    """A cached fit on the 240 points (the 5 highest-loss rows excluded)."""
    if not isinstance(starts, str):
        import numpy as np
        starts = np.array(starts)
    return fit_scaling_law(data=load(), drop_highest_loss=DROP_HIGHEST, objective=objective, starts=starts,
                           n_starts=n_starts, tol=tol, reduction=reduction, bootstrap=bootstrap, seed=seed,
                           exclude=exclude, exclusion_rule=exclusion_rule)


def used_arrays():
    """log N, log D, log L of the 240 fitted points."""
    import numpy as np
    f = fit()
    d = load()
    return np.log(d.N[f.mask]), np.log(d.D[f.mask]), np.log(d.L[f.mask])
