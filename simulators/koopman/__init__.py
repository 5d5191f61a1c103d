"""Numerics for the Koopman-based generalization bound (Hashimoto et al., ICLR 2024).

The Fourier/Sobolev convention is pinned in ``simulators.koopman.sobolev`` (see ``CONVENTION``).
"""
from .sobolev import CONVENTION, CONVENTIONS  # noqa: F401
