"""Activation patterns of a two-layer ReLU layer on data X (n x d).

Convention (pinned): a pattern is D(u) = diag(1[X u >= 0]) ("ge", as in Pilanci & Ergen
2020, Bai et al. and pilancilab/convex_nn).  ``strict=True`` gives 1[X u > 0] (scnn's
``compute_activation_patterns``).  The two differ only where some x_k^T u == 0 exactly.

Patterns are returned as a boolean matrix of shape (n, P), one column per pattern,
columns sorted lexicographically so that pattern sets are reproducible and hashable.
"""
from __future__ import annotations

import hashlib
import itertools
import math

import numpy as np


def pattern_of(X, U, strict: bool = False):
    """Patterns of the columns of U (d x m): boolean (n x m)."""
    Z = np.asarray(X) @ np.asarray(U).reshape(np.asarray(X).shape[1], -1)
    return Z > 0 if strict else Z >= 0


def unique_columns(D):
    """Distinct columns of a boolean matrix, sorted (bytes order)."""
    D = np.asarray(D, dtype=bool)
    if D.shape[1] == 0:
        return D
    # hash each column to bytes (fast 1-D unique), then sort the few distinct columns lexicographically
    packed = np.packbits(D, axis=0)                              # ceil(n/8) x m bytes
    keys = np.ascontiguousarray(packed.T).view(np.dtype((np.void, packed.shape[0]))).ravel()
    _, idx = np.unique(keys, return_index=True)
    cols = sorted(tuple(bool(b) for b in D[:, j]) for j in idx)
    return np.array(cols, dtype=bool).T.reshape(D.shape[0], len(cols))


def drop_zero(D):
    """Remove the all-zero pattern (it contributes nothing to the program)."""
    D = np.asarray(D, dtype=bool)
    return D[:, D.any(axis=0)]


def pattern_set(D) -> set:
    return {tuple(bool(b) for b in D[:, j]) for j in range(D.shape[1])}


def pattern_hash(D) -> str:
    """Short hash of a pattern set (reproducibility metadata)."""
    D = unique_columns(D)
    return hashlib.sha256(np.packbits(D, axis=0).tobytes() + bytes(D.shape)).hexdigest()[:12]


def enumerate_patterns(X, degeneracy_tol: float = 1e-8):
    """Every region pattern of the central arrangement {x_k^T u = 0} (vertex-ray method).

    For each (r-1)-subset S of rows, v spans the null space of X_S inside row(X); the
    rows outside S get sign(X v) (both signs of v), the rows in S take all 2^(r-1)
    combinations.  For rows in general position the union is exactly the set of
    patterns of the open cells (Cover's count).  Returns (D, min_abs) where D is
    boolean (n, P) including the all-zero pattern when it is a cell, and min_abs is
    the smallest |x_k^T v| over rows outside S (a degeneracy measure; the result is
    only exact when min_abs > degeneracy_tol, which the caller must check).
    """
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    # work in the row space of X (rank r) so that rank-deficient X is handled
    Uq, s, Vt = np.linalg.svd(X, full_matrices=False)
    r = int(np.sum(s > s[0] * 1e-12)) if s.size else 0
    if r == 0:
        return np.zeros((n, 1), dtype=bool), math.inf
    Y = X @ Vt[:r].T                     # n x r, same patterns as X restricted to row space
    pats = set()
    min_abs = math.inf
    if r == 1:
        for sgn in (1.0, -1.0):
            pats.add(tuple(sgn * Y[:, 0] > 0))
        min_abs = float(np.min(np.abs(Y[:, 0])))
    else:
        for S in itertools.combinations(range(n), r - 1):
            S = list(S)
            _, _, vt = np.linalg.svd(Y[S], full_matrices=True)
            v = vt[-1]
            z = Y @ v
            rest = np.setdiff1d(np.arange(n), S)
            if rest.size:
                min_abs = min(min_abs, float(np.min(np.abs(z[rest]) / np.linalg.norm(Y[rest], axis=1))))
            for sgn in (1.0, -1.0):
                base = sgn * z > 0
                for bits in itertools.product((False, True), repeat=r - 1):
                    b = base.copy()
                    b[S] = bits
                    pats.add(tuple(b))
    D = np.array(sorted(pats), dtype=bool).T
    return D, min_abs


def sample_patterns(X, num: int, rng, strict: bool = False, return_gates: bool = False):
    """Patterns of ``num`` Gaussian directions u ~ N(0, I_d), deduplicated (zero pattern kept)."""
    X = np.asarray(X, dtype=float)
    G = rng.standard_normal((X.shape[1], int(num)))
    D = pattern_of(X, G, strict=strict)
    Du = unique_columns(D)
    if return_gates:
        return Du, G
    return Du


def sample_pattern_stream(X, num: int, rng, strict: bool = False, chunk: int = 200_000):
    """Distinct patterns of ``num`` Gaussian directions, in chunks (for large ``num``)."""
    seen = set()
    left = int(num)
    while left > 0:
        k = min(chunk, left)
        D = pattern_of(X, rng.standard_normal((X.shape[1], k)), strict=strict)
        seen |= pattern_set(unique_columns(D))
        left -= k
    return np.array(sorted(seen), dtype=bool).T


def cover_count(n: int, r: int) -> int:
    """Cover (1965): number of regions of n central hyperplanes in general position in R^r."""
    return 2 * sum(math.comb(n - 1, k) for k in range(r))


def cover_bound(n: int, r: int) -> float:
    """Closed-form bound 2 r (e (n-1) / r)^r on the Cover sum (float)."""
    return 2.0 * r * (math.e * (n - 1) / r) ** r
