"""Batched multi-start of the weight-decay objective in torch (float64), for the gpu tier:
B independent restarts of  1/2 ||W_1...W_L - Y||_F^2 + beta/2 sum_l ||W_l||_F^2  optimised
together (the summed objective is separable, so its minimiser is every restart's minimiser)."""
from __future__ import annotations

import numpy as np


def weight_decay_multistart_torch(Y, L, beta, restarts=1000, device="cpu", seed=0, max_iter=3000):
    import torch
    g = torch.Generator(device="cpu").manual_seed(int(seed))
    Yt = torch.as_tensor(np.asarray(Y, float), dtype=torch.float64, device=device)
    k = Yt.shape[0]
    scale = float(np.linalg.norm(Y)) ** (1.0 / L) / k ** 0.25
    Ws = [(torch.randn(restarts, k, k, generator=g, dtype=torch.float64) * scale).to(device).requires_grad_(True)
          for _ in range(L)]

    def per_restart():
        P = Ws[0]
        for W in Ws[1:]:
            P = P @ W
        return 0.5 * ((P - Yt) ** 2).sum((1, 2)) + 0.5 * beta * sum((W ** 2).sum((1, 2)) for W in Ws)

    opt = torch.optim.LBFGS(Ws, max_iter=max_iter, history_size=50, tolerance_grad=1e-13,
                            tolerance_change=1e-18, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        f = per_restart().sum()
        f.backward()
        return f

    opt.step(closure)
    with torch.no_grad():
        vals = per_restart().cpu().numpy()
        best = int(np.argmin(vals))
        P = Ws[0][best]
        for W in Ws[1:]:
            P = P @ W[best]
        sv = torch.linalg.svdvals(P).cpu().numpy()
    return dict(best=float(vals[best]), values=vals, product_svals=sv)
