"""Stargalla, Hertrich, Reichman (NeurIPS 2025), on counting linear regions of ReLU networks.

[SRC abstract] Several non-equivalent definitions of "linear region" exist; counting is NP-/#P-hard already
with one hidden layer.  Hardness is not numerically testable; the exact 1-D counters and a definitional split
are: activation regions (sign patterns, connected) vs linear pieces (maximal affine pieces) differ, and the
standard tent-map count 2^r at width 2 contrasts with the linear count of width-1 networks (M7).
"""
from fractions import Fraction as F

from claims.core import Claim, Constant, Equal, Mutant, Quantity, Source, st
from simulators.universality.pl import MLP, breakpoints_1d, simplify_knots

SOURCE = Source(title="The computational complexity of counting linear regions in ReLU neural networks "
                      "(title as recalled, unconfirmed)",
                authors="Moritz Stargalla, Christoph Hertrich, Daniel Reichman", year=2025, venue="NeurIPS 2025",
                locator="abstract; definitions' names and theorem numbers unconfirmed")
UNCONFIRMED = [Constant("theorem_numbers", None, "unconfirmed", "only the abstract was available (spec 7.4)"),
               Constant("region_definition_names", None, "unconfirmed",
                        "the paper's names for the linear-region definitions are unconfirmed (spec 7.4, 12)")]


def tent_power(r: int) -> MLP:
    """T(x) = 2 relu(x) - 4 relu(x - 1/2) composed r times: width 2, depth r."""
    layers = [([[F(1)], [F(1)]], [F(0), F(-1, 2)])]
    for _ in range(r - 1):
        layers.append(([[F(2), F(-4)], [F(2), F(-4)]], [F(0), F(-1, 2)]))
    layers.append(([[F(2), F(-4)]], [F(0)]))
    return MLP(layers, "relu")


def count_pieces(net, a=F(0), b=F(1)):
    kn, vals = breakpoints_1d(net, a, b)
    act_regions = len(set(kn)) - 1                  # segments between activation-pattern changes (1-D)
    pieces = len(simplify_knots(kn, vals)[0]) - 1   # maximal affine pieces
    return act_regions, pieces


def measure_tent(p, ctx):
    net = tent_power(p["r"])
    act, pieces = count_pieces(net)
    ctx.record(activation_regions=act, linear_pieces=pieces, width=net.width)
    return Quantity.exact(pieces, note="exact rational breakpoint propagation")


tent_map_pieces = Claim(
    name="tent_map_pieces", source=SOURCE, provenance="derived", kind="lemma",
    statement=r"The tent map $T(x)=2\,\mathrm{ReLU}(x)-4\,\mathrm{ReLU}(x-\frac12)$ composed $r$ times has exactly "
              r"$2^r$ linear pieces on $[0,1]$, at width 2 (standard).",
    assumptions=["r = 1..10 (quick), 1..12 (full)"],
    params={"quick": st.fixed_dictionaries({"r": st.integers(1, 10)}),
            "full": st.fixed_dictionaries({"r": st.integers(1, 12)})},
    predict=lambda p, ctx: Quantity.exact(2 ** p["r"]), measure=measure_tent,
    relation=Equal(why="exact integer count"), max_examples={"quick": 6, "full": 12}, constants=UNCONFIRMED,
    mutants=[Mutant("pieces_linear_in_depth", "narrow networks have O(depth) pieces whatever the width (true only "
                    "at width 1, see park2021.width1_ramp_form): r + 1 pieces",
                    predict=lambda p, ctx: Quantity.exact(p["r"] + 1), examples=[{"r": 4}])],
)


def measure_split(p, ctx):
    # f(x) = relu(x) - relu(-x) = x on [-1, 1]
    net = MLP([([[F(1)], [F(-1)]], [F(0), F(0)]), ([[F(1), F(-1)]], [F(0)])], "relu")
    act, pieces = count_pieces(net, F(-1), F(1))
    ctx.record(activation_regions=act, linear_pieces=pieces)
    return Quantity.exact(act - pieces, note="activation regions minus linear pieces")


definitional_split = Claim(
    name="activation_vs_linear_regions", source=SOURCE, provenance="derived", kind="lemma",
    statement=r"For $\mathrm{ReLU}(x)-\mathrm{ReLU}(-x)=x$ on $[-1,1]$ there are 2 activation regions but 1 linear "
              r"piece: the two region definitions differ by 1.",
    assumptions=["1-D, exact counts"], params=None,
    predict=lambda p, ctx: Quantity.exact(1), measure=measure_split, relation=Equal(why="exact integer count"),
    constants=UNCONFIRMED,
    mutants=[Mutant("definitions_agree", "activation regions and linear regions are the same count",
                    predict=lambda p, ctx: Quantity.exact(0))],
)
