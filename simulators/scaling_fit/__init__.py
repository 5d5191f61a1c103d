"""Fitting L(N, D) = E + A/N^alpha + B/D^beta to training runs (Hoffmann et al. 2022
Approach 3, as replicated by Besiroglu et al. 2024), with provenance.

Public API (see docs/fitting.md)::

    fit_scaling_law(...)   -> ScalingLawFit (params, intervals, allocation, record)
    ScalingData            -> runs loaded from arrays or a CSV (sha256 verified)
    compare_fits(f1, f2, vary=...)  raises ProvenanceMismatch unless provenance agrees
"""
from .fit import (DataIntegrityError, FitRecord, ProvenanceMismatch, ScalingData, ScalingLawFit, allocation,
                  compare_fits, derived_quantities, fit_scaling_law, sha256_arrays, sha256_file)
from .objective import (HUBER_DELTA, OBJECTIVES, PARAM_NAMES, objective, params_from_theta, predict_loss,
                        theta_from_params)
from .optimize import DEFAULT, TIGHT, grid_starts, local_fit, make_fun, multistart, small_starts
from .synthetic import HOFFMANN_ROUNDED, HOFFMANN_THETA, chinchilla_like_design, collinear_design, simulate

__all__ = ["DataIntegrityError", "FitRecord", "ProvenanceMismatch", "ScalingData", "ScalingLawFit", "allocation",
           "compare_fits", "derived_quantities", "fit_scaling_law", "sha256_arrays", "sha256_file", "HUBER_DELTA",
           "OBJECTIVES", "PARAM_NAMES", "objective", "params_from_theta", "predict_loss", "theta_from_params",
           "DEFAULT", "TIGHT", "grid_starts", "local_fit", "make_fun", "multistart", "small_starts",
           "HOFFMANN_ROUNDED", "HOFFMANN_THETA", "chinchilla_like_design", "collinear_design", "simulate"]
