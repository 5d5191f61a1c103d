import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))

# Backends in the SciPy ``xp`` style.  A backend that is not available is skipped
# with the reason, never counted as passed.
BACKENDS = ["numpy-cpu-f64", "torch-cpu-f64", "torch-cuda-f64", "torch-cuda-f32"]


def _backend_skip(name: str) -> str | None:
    from simulators.backend import cuda_available, torch_available
    if name.startswith("torch") and not torch_available():
        return "torch is not installed (pip install -e '.[gpu]')"
    if "cuda" in name and not cuda_available():
        return "no CUDA device on this machine"
    return None


@pytest.fixture(params=BACKENDS)
def xp_backend(request):
    """(backend, device, dtype, xp) for each array backend; TF32 disabled on CUDA."""
    why = _backend_skip(request.param)
    if why:
        pytest.skip(why)
    lib, device, dt = request.param.split("-")
    dtype = {"f64": "float64", "f32": "float32"}[dt]
    from simulators.backend import namespace
    if lib == "torch" and device == "cuda":
        import torch
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
    return lib, device, dtype, namespace(lib, device, dtype)
