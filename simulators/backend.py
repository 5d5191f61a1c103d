"""Array backends: numpy on the CPU (always), torch on the CPU or CUDA (optional).

Simulators that support both backends are written once against the array-API
namespace returned by ``namespace()`` (array-api-compat, SciPy's approach).
"""
from __future__ import annotations

import functools
import importlib.util


@functools.cache
def torch_available() -> bool:
    return importlib.util.find_spec("torch") is not None


@functools.cache
def cuda_available() -> bool:
    if not torch_available():
        return False
    import torch
    return bool(torch.cuda.is_available())


def namespace(backend: str = "numpy", device: str = "cpu", dtype: str = "float64"):
    """The array namespace for a backend (array-api-compat wrapped)."""
    if backend == "numpy":
        import array_api_compat.numpy as xp
        return xp
    if backend == "torch":
        if not torch_available():
            raise RuntimeError("backend 'torch' requested but torch is not installed")
        import array_api_compat.torch as xp
        return xp
    raise ValueError(f"unknown backend {backend!r}")


def tf32_state() -> dict | None:
    if not torch_available():
        return None
    import torch
    return {"matmul": bool(torch.backends.cuda.matmul.allow_tf32), "cudnn": bool(torch.backends.cudnn.allow_tf32)}


def device_info(backend: str = "numpy", device: str = "cpu", dtype: str = "float64") -> dict:
    """Backend, device name, driver/CUDA version, dtype and TF32 state for provenance."""
    info = {"backend": backend, "device": device, "dtype": dtype}
    if backend == "torch" and torch_available():
        import torch
        info["torch"] = torch.__version__
        info["tf32"] = tf32_state()
        if device.startswith("cuda") and cuda_available():
            info["device_name"] = torch.cuda.get_device_name(0)
            info["cuda"] = torch.version.cuda
    return info


def is_torch(xp) -> bool:
    """Is ``xp`` the torch namespace (array-api-compat wrapped or plain)?"""
    from array_api_compat import is_torch_namespace
    try:
        return bool(is_torch_namespace(xp))
    except TypeError:
        return "torch" in getattr(xp, "__name__", "")


def asarray(xp, a, device=None, dtype: str = "float64"):
    """A numpy array (or list) as an ``xp`` array of ``dtype``, on ``device`` for torch."""
    import numpy as np
    if is_torch(xp):
        import torch
        return torch.as_tensor(np.asarray(a), dtype=getattr(torch, dtype), device=device or "cpu")
    return np.asarray(a, dtype=dtype)


def to_numpy(a):
    """Any backend's array as a numpy array on the host."""
    import numpy as np
    if hasattr(a, "detach"):
        return a.detach().cpu().numpy()
    return np.asarray(a)


def device_of(x) -> str:
    return str(getattr(x, "device", "cpu"))
