"""JSON conversion of instances and evidence, and atomic file writes.

Instances are encoded losslessly (numpy arrays keep dtype and shape, Fractions
stay exact, floats round-trip through repr) so that a counterexample in the
results file can be replayed exactly with ``python -m claims replay``.
"""
from __future__ import annotations

import json
import math
import os
import tempfile
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np


def to_jsonable(x: Any, _depth: int = 0) -> Any:
    """Readable JSON for evidence (lossy for huge arrays is not allowed: caller keeps them small)."""
    if _depth > 20:
        return repr(x)
    if x is None or isinstance(x, (bool, str)):
        return x
    if isinstance(x, (int, np.integer)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        x = float(x)
        if math.isnan(x):
            return None
        if math.isinf(x):
            return 1e308 if x > 0 else -1e308
        return x
    if isinstance(x, Fraction):
        return float(x)
    if isinstance(x, np.ndarray):
        return to_jsonable(x.tolist(), _depth + 1)
    if isinstance(x, dict):
        return {str(k): to_jsonable(v, _depth + 1) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [to_jsonable(v, _depth + 1) for v in x]
    if hasattr(x, "to_json"):
        return x.to_json()
    try:
        import mpmath
        if isinstance(x, mpmath.mpf):
            return float(x)
    except ImportError:  # pragma: no cover
        pass
    if hasattr(x, "item") and callable(x.item):   # torch / numpy scalars
        try:
            return to_jsonable(x.item(), _depth + 1)
        except Exception:
            pass
    return repr(x)


def encode_instance(x: Any) -> Any:
    """Lossless encoding of an instance for replay."""
    if x is None or isinstance(x, (bool, str, int)) and not isinstance(x, np.integer):
        return x
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, (float, np.floating)):
        x = float(x)
        return x if math.isfinite(x) else {"__float__": repr(x)}
    if isinstance(x, Fraction):
        return {"__fraction__": [x.numerator, x.denominator]}
    if isinstance(x, np.ndarray):
        return {"__ndarray__": [encode_instance(v) for v in x.ravel().tolist()],
                "dtype": str(x.dtype), "shape": list(x.shape)}
    if isinstance(x, tuple):
        return {"__tuple__": [encode_instance(v) for v in x]}
    if isinstance(x, list):
        return [encode_instance(v) for v in x]
    if isinstance(x, dict):
        return {str(k): encode_instance(v) for k, v in x.items()}
    return {"__repr__": repr(x)}


def decode_instance(x: Any) -> Any:
    if isinstance(x, list):
        return [decode_instance(v) for v in x]
    if isinstance(x, dict):
        if "__ndarray__" in x:
            flat = [decode_instance(v) for v in x["__ndarray__"]]
            return np.array(flat, dtype=x["dtype"]).reshape(x["shape"])
        if "__fraction__" in x:
            return Fraction(*x["__fraction__"])
        if "__float__" in x:
            return float(x["__float__"])
        if "__tuple__" in x:
            return tuple(decode_instance(v) for v in x["__tuple__"])
        if "__repr__" in x:
            raise ValueError(f"instance field cannot be replayed from JSON: {x['__repr__']}")
        return {k: decode_instance(v) for k, v in x.items()}
    return x


def summarize_instance(p: Any, max_len: int = 200) -> Any:
    """Short, readable view of an instance for tables (arrays summarised by shape)."""
    if isinstance(p, dict):
        return {str(k): summarize_instance(v, max_len) for k, v in p.items()}
    if isinstance(p, np.ndarray):
        if p.size <= 12:
            return to_jsonable(p)
        return f"array{tuple(p.shape)} {p.dtype}, |x|max={float(np.max(np.abs(p))) if p.size else 0:.3g}"
    if isinstance(p, (list, tuple)) and len(p) > 12:
        return f"{type(p).__name__} of {len(p)}"
    j = to_jsonable(p)
    s = json.dumps(j)
    return j if len(s) <= max_len else s[:max_len] + "..."


def write_json_atomic(path: str | os.PathLike, data: Any) -> Path:
    """Write JSON so that ``path`` holds either the old file or the complete new one,
    never a half-written file (temp file in the same folder, fsync, os.replace)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, indent=1, sort_keys=False, allow_nan=False)
    return write_text_atomic(path, text)


def write_text_atomic(path: str | os.PathLike, text: str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)          # mkstemp makes 0600; a results file is for everyone to read
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path
