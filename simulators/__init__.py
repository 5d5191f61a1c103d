"""Numerical experiments, reusable across claims.  No verdict logic lives here:
a simulator computes numbers (with their accuracy); claims decide what they mean."""
