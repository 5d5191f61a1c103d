"""Hanin (2019), "Universal function approximation by deep neural nets with bounded width and ReLU
activations", Mathematics 7(10):992.

[SRC] Width d+1 ReLU networks approximate every continuous convex function on [0,1]^d (width d+3 for
quantitative rates).  Witness [DERIVED]: a max of M affine maps is exact at width d+1, depth M (running
maximum with the input carried), checked in rationals with a width audit.
"""
from fractions import Fraction as F

from claims.core import Claim, Constant, Equal, Mutant, Quantity, Source, st
from simulators.universality.constructions import max_affine_mlp

SOURCE = Source(title="Universal function approximation by deep neural nets with bounded width and ReLU activations",
                authors="Boris Hanin", year=2019, venue="Mathematics 7(10):992", arxiv="1708.02691",
                locator="convex-function theorem (number unconfirmed)")
THEOREM_NUMBER = Constant("theorem_number", None, "unconfirmed", "only the abstract was available (spec 0.3)")


def instance(d):
    q = st.integers(-16, 16).map(lambda k: F(k, 8))
    return st.fixed_dictionaries({
        "d": st.just(d),
        "A": st.lists(st.lists(q, min_size=d, max_size=d), min_size=2, max_size=12),
        "c": st.lists(q, min_size=12, max_size=12),
        "pts": st.lists(st.lists(st.integers(0, 32).map(lambda k: F(k, 32)), min_size=d, max_size=d),
                        min_size=20, max_size=60)})


def measure(p, ctx):
    A, c = p["A"], p["c"][:len(p["A"])]
    if p.get("drop_last"):
        net = max_affine_mlp(A[:-1], c[:-1])
    else:
        net = max_affine_mlp(A, c)
    target = lambda x: max(sum((a * xi for a, xi in zip(Ak, x)), F(0)) + ck for Ak, ck in zip(A, c))
    err = max(abs(net.exact(x)[0] - target(x)) for x in p["pts"])
    ctx.record(width=net.width, depth=net.depth, d=p["d"], maps=len(A))
    if net.width != p["d"] + 1:
        return Quantity.unsettled(f"width audit failed: {net.width} != d+1")
    return Quantity.exact(float(err), note="exact Fraction arithmetic")


convex_width_d_plus_1 = Claim(
    name="max_affine_width_d_plus_1", source=SOURCE, provenance="derived", kind="construction",
    statement=r"$\max_{k\le M}(a_k\cdot x + c_k)$ on $[0,1]^d$ is computed exactly by a ReLU network of hidden "
              r"width $d+1$ and depth $M$.",
    assumptions=["x in [0,1]^d", "rational a_k, c_k"],
    params=st.integers(1, 3).flatmap(instance),
    predict=lambda p, ctx: Quantity.exact(0.0), measure=measure,
    relation=Equal(why="exact rational arithmetic: zero tolerance"),
    max_examples={"quick": 8, "full": 60}, constants=[THEOREM_NUMBER],
    mutants=[Mutant("one_map_fewer_suffices", "depth M-1 suffices for the running max of M maps (false whenever "
                    "the last map is the max somewhere on the sample)",
                    measure=lambda p, ctx: measure({**p, "drop_last": True}, ctx),
                    examples=[{"d": 1, "A": [[F(0)], [F(1)]], "c": [F(0), F(0)] + [F(0)] * 10,
                               "pts": [[F(1)], [F(1, 2)]]}])],
)
