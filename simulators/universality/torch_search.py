"""Batched adversarial search (gpu tier): train many narrow ReLU networks at once with torch (weights of
shape (B, out, in), torch.bmm), then hand the best ones back as float MLPs for exact evaluation on the CPU.
Used ONLY as an attempt to beat a certified lower bound."""
from __future__ import annotations

import numpy as np

from .pl import mlp_from_arrays


def batched_search(X, Y, width, depth, n_nets=2048, steps=3000, p=8, lr=3e-3, device="cuda", seed=0, keep=8):
    import torch
    g = torch.Generator(device="cpu").manual_seed(seed)
    dims = [X.shape[1]] + [width] * depth + [Y.shape[1]]
    params = []
    for i in range(len(dims) - 1):
        W = torch.randn(n_nets, dims[i + 1], dims[i], generator=g, dtype=torch.float64) / dims[i] ** 0.5
        b = 0.5 * torch.randn(n_nets, dims[i + 1], 1, generator=g, dtype=torch.float64)
        params += [W.to(device).requires_grad_(), b.to(device).requires_grad_()]
    Xt = torch.as_tensor(X.T, dtype=torch.float64, device=device).expand(n_nets, -1, -1)
    Yt = torch.as_tensor(Y.T, dtype=torch.float64, device=device)
    opt = torch.optim.Adam(params, lr=lr)

    def forward():
        h = Xt
        for i in range(0, len(params), 2):
            h = torch.bmm(params[i], h) + params[i + 1]
            if i < len(params) - 2:
                h = torch.relu(h)
        return h

    for _ in range(steps):
        opt.zero_grad()
        loss = ((forward() - Yt).abs() ** p).mean(dim=(1, 2))
        loss.sum().backward()
        opt.step()
    with torch.no_grad():
        sup = (forward() - Yt).abs().amax(dim=(1, 2)).cpu().numpy()
    order = np.argsort(sup)[:keep]
    nets = []
    for k in order:
        Ws = [params[i][k].detach().cpu().numpy() for i in range(0, len(params), 2)]
        bs = [params[i + 1][k, :, 0].detach().cpu().numpy() for i in range(0, len(params), 2)]
        nets.append(mlp_from_arrays(Ws, bs))
    return nets
