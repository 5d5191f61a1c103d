"""Convex training of two-layer ReLU networks (Pilanci & Ergen 2020 and follow-ups).

Numerics only: pattern enumeration/sampling, the convex programs (CLARABEL), certificates
(dual-feasible lower bound, reconstructed-network upper bound), the non-convex baseline,
exact width-restricted optima, adversarial training helpers, ADMM.  No verdict logic."""
from .admm import admm
from .certificate import (bracket, cone_max, dual_lower_bound, dual_value, g_two_sided, g_value, merge_collinear,
                          nc_objective, nc_predict, prune_blocks, reconstruct)
from .convex import (SOLVER, TIGHT, Blocks, Solution, cone_violation, convex_objective, solve_blocks, solve_convex,
                     solve_gated, solve_robust_hinge, cone_decomposition)
from .instances import gaussian_instance, one_d_instance, v_shape, whitened_instance, xor_instance
from .nonconvex import multistart_lbfgs, nc_value_and_grad, torch_multistart_adam
from .patterns import (cover_bound, cover_count, drop_zero, enumerate_patterns, pattern_hash, pattern_of, pattern_set,
                       sample_pattern_stream, sample_patterns, unique_columns)
from .robust import exact_worst_case_hinge, no_flip_margin, random_vertex_attack, robust_network
from .width import exact_width_optimum
from .pipeline import optimum, scenario_sample_size
