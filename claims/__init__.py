"""Executable claims from deep-learning theory papers.  See claims/core for the harness."""
