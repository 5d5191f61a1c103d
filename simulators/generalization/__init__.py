"""Exact numerics for the generalization family (no verdict logic).

* ``finite_world``  generic finite worlds (any finite Z, finite hypothesis set, any
                    randomized learner) with full enumeration of supersamples and
                    masks: every (conditional / disintegrated) mutual information is a
                    finite sum; World Wd of the spec.
* ``kl``            binary kl, kl inversion (float bisection + mpmath), exact binomial
                    tails, exact PAC-Bayes failure probabilities.
* ``gaussian``      Gaussian closed forms / quadrature (linear Gaussian networks,
                    Gaussian-noise Dobrushin coefficient, log-MGFs).
* ``gradient_flow`` gradient flow integrated numerically (least squares, path length).
"""
