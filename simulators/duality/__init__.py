"""Numerics for the duality family (Wang, Ergen & Pilanci 2023): primal (non-convex)
deep-linear / parallel objectives with multi-start L-BFGS, the convex nuclear-norm
primal/dual pair in cvxpy (CLARABEL), the scalar Schatten-2/L problems in mpmath,
and symbolic (sympy) residuals of the balancing / AM-GM steps.  No verdict logic."""
from .linalg import nuclear, schatten, spectral, svals
from .factorised import (chain_product, min_norm_factorisation, min_normalised_factorisation,
                         parallel_min_power, weight_decay_fit)
from .convex import nuclear_dual, nuclear_primal
from .scalar import scalar_argmin, scalar_threshold_bisect, decoupled_optimum

__all__ = ["nuclear", "schatten", "spectral", "svals", "chain_product", "min_norm_factorisation",
           "min_normalised_factorisation", "parallel_min_power", "weight_decay_fit", "nuclear_dual",
           "nuclear_primal", "scalar_argmin", "scalar_threshold_bisect", "decoupled_optimum"]
