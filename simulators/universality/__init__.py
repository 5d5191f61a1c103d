"""Simulators for the `universality` family (minimal-width universal approximation).

pl            exact piecewise-linear machinery: MLP / deep RNN / BRNN evaluators (Fraction and float64),
              1-D breakpoint propagation, exact PL errors
constructions exact witnesses: running min/max (pyramid, max of affine maps), bowtie at width 3, BRNN,
              ridge-sum RNN, quantise-concatenate-memorise-decode RNN (project's own), register conversion
bounds        certified lower bounds as exact sympy numbers
optimise      narrow-network L-BFGS with restarts (only an attempt to beat a certified bound)
experiments   exact error enclosures, maximum-principle gap, L^p witness errors
memorise      bit-extraction memoriser (Vardi-Yehudai-Shamir mechanism)
torch_search  batched GPU adversarial search (gpu tier)
"""
