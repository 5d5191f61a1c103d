"""One linear random-feature model for four scaling-law papers, three evaluators.

The model
---------
Gaussian data x ~ N(0, diag(lam)) in a latent space of dimension v (= M), lam_j decreasing.
A linear teacher y = sum_j sqrt(lam_j) b_j xi_j  (xi ~ N(0, I)), so the target power per mode is
``tw_j = lam_j b_j^2``.  A student with d random features z = W^T diag(sqrt(lam)) xi,
W_{jk} ~ N(0, 1/d) (W in R^{v x d}), fitted in theta (z . theta ~ y).

Losses are **mean squared errors without the 1/2** throughout the engine (MRS convention:
L = E[(z.theta - y)^2]).  PLRF's risk P = (1/2) E[...] is half of it; exponents do not care.

Notation crosswalk (spec section 0)
-----------------------------------
=====================  ====================  =======================  ================  ===========
engine                 PLRF (Paquette+)      MRS (Maloney+)           Bordelon+         Bahri+
=====================  ====================  =======================  ================  ===========
lam_j                  j^(-2 alpha)          lam_+ I^(-(1+alpha))     k^(-b)            i^(-(1+alpha_K))
tw_j = lam_j b_j^2     j^(-2alpha-2beta)     s^2 lam_I (isotropic)    k^(-a)            s^2 lam_i
d (features)           d                     N                        N                 P
samples / steps        r (SGD steps)         P                        t (GD), P         D
exponent conversions   b = 2 alpha,          b = a = 1 + alpha_MRS    (a, b)            alpha_K = alpha_MRS
                       a = 2 alpha + 2 beta
=====================  ====================  =======================  ================  ===========

"P" counts samples in MRS / Bordelon but features in Bahri; PLRF's alpha is not MRS's alpha.
Constructors ``Spectrum.plrf / .mrs / .bordelon / .bahri`` take each paper's own symbols.

The three evaluators
--------------------
(a) ``instances``: random draws of W (seeded), exact population losses of the drawn instance
    (capacity loss L_a, OLS with P samples, ...), written against an array namespace ``xp``
    (numpy by default, array_api_compat.torch for the gpu tier).
(b) ``recursion``: the exact expected risk of one-pass SGD (batch B) and of full-batch GD on a
    drawn instance, in the eigenbasis of K = E[z z^T]: O(d) work per step after one eigh.
(c) ``de``: deterministic equivalents (scalar monotone fixed points) in mpmath at 50 digits,
    power-law tails summed by Euler-Maclaurin (mpmath.sumem).

``fit``: local log-log slopes, seed bootstrap, compute-optimal frontier.
Other papers' standalone models: ``manifold`` (Bahri et al. resolution-limited regime),
``perceptron`` (Sorscher et al.), ``twolayer`` (Liu & Tegmark).
No verdict logic lives here.
"""
from .model import Spectrum, Instance, draw_instance, ols_test_losses  # noqa: F401
