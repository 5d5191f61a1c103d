"""Continuous-data supersample experiment (torch; CPU or CUDA): 1-nearest-neighbour on two
Gaussian blobs, an interpolating learner on continuous data.

Z = (X, Y), Y uniform on {-1, +1}, X | Y ~ N(Y * sep * e_1, I_d).  For each of ``draws``
independent (supersample, mask) pairs: train 1-NN on S = (Z~_{i,U_i}), record the loss pair on
the supersample (so Delta L_i and U_i), and the test error on ``n_test`` fresh points (an
independent estimate of L_mu(W)).
"""
from __future__ import annotations

import torch


def one_nn_supersample(n: int, d: int, sep: float, draws: int, n_test: int, seed: int,
                       device: str = "cpu", chunk: int = 256) -> dict:
    g = torch.Generator(device="cpu").manual_seed(seed)
    dL, Us, test_err = [], [], []
    done = 0
    while done < draws:
        B = min(chunk, draws - done)
        Y = torch.randint(0, 2, (B, n, 2), generator=g).double() * 2 - 1
        X = torch.randn(B, n, 2, d, generator=g, dtype=torch.float64)
        X[..., 0] += sep * Y
        U = torch.randint(0, 2, (B, n), generator=g)
        Yt = torch.randint(0, 2, (B, n_test), generator=g).double() * 2 - 1
        Xt = torch.randn(B, n_test, d, generator=g, dtype=torch.float64)
        Xt[..., 0] += sep * Yt
        X, Y, U, Xt, Yt = (a.to(device) for a in (X, Y, U, Xt, Yt))
        idx = U[..., None, None].expand(B, n, 1, d)
        Xtr = torch.gather(X, 2, idx).squeeze(2)                       # (B, n, d)
        Ytr = torch.gather(Y, 2, U[..., None]).squeeze(2)              # (B, n)

        def predict(P):                                                # P: (B, k, d)
            nn = torch.cdist(P, Xtr).argmin(dim=2)                     # (B, k)
            return torch.gather(Ytr, 1, nn)

        Xs = X.reshape(B, 2 * n, d)
        L = (predict(Xs) != Y.reshape(B, 2 * n)).double().reshape(B, n, 2)
        dL.append((L[..., 1] - L[..., 0]).cpu())
        Us.append(U.cpu())
        test_err.append((predict(Xt) != Yt).double().mean(dim=1).cpu())
        done += B
    dL, Us, te = torch.cat(dL), torch.cat(Us), torch.cat(test_err)
    return {"dL": dL.numpy(), "U": Us.numpy(), "test_err": te.numpy()}
