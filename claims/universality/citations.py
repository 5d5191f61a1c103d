"""Citation-only results of the minimal-width literature (spec 4.6): registered with their source and
provenance, not checked numerically here (no cheap oracle on a CPU, or only the (1,2) instance, which the
park2021 bowtie claims check).  Each is skipped with its reason; they are listed so the report shows them."""
from claims.core import AtMost, Claim, Constant, Quantity, Source

_none = lambda p, ctx: Quantity.unsettled("citation only")

KMP24 = Source(title="Minimum width for universal approximation using ReLU networks on compact domain",
               authors="Namjun Kim, Chanho Min, Sejun Park", year=2024, venue="ICLR 2024",
               locator="abstract (theorem numbers unconfirmed)")
R24 = Source(title="New advances in universal approximation with neural networks of minimal width",
             authors="Dennis Rochau, Robin Chan, Hanno Gottschalk", year=2024, arxiv="2411.08735",
             locator="abstract (theorem numbers unconfirmed)")
HW23 = Source(title="Minimum width for deep, narrow MLP", authors="Geonho Hwang", year=2023, arxiv="2308.15873",
              locator="abstract, via Hwang's later W^{1,inf} paper (unconfirmed)")

kmp24_compact_lp_width = Claim(
    name="kmp24_compact_lp_width", source=KMP24, provenance="paper",
    statement=r"$L^p([0,1]^{d_x},\mathbb{R}^{d_y})$, ReLU-like activations: $w_{\min}=\max\{d_x,d_y,2\}$; uniform: "
              r"$w_{\min}\ge d_y+1$ if $d_x<d_y\le 2d_x$ (the L^p / uniform dichotomy).",
    predict=_none, measure=_none, relation=AtMost(why="not evaluated"),
    constants=[Constant("theorem_numbers", None, "unconfirmed", "abstract and reviews only (spec 4.6)")],
    skip_reason="citation only: the uniform half is checked at (1,2) by park2021.bowtie_width2_bound; the L^p half "
                "needs a width-2 construction on [0,1]^2 (gpu tier in the spec), not implemented",
    depends_on=["universality.park2021.bowtie_width2_bound"],
)

r24_leaky_widths = Claim(
    name="r24_leaky_relu_widths", source=R24, provenance="paper",
    statement=r"Two leaky ReLUs reach the optimal $L^p$ width $\max\{d_x,d_y\}$; one leaky ReLU $\max\{2,d_x,d_y\}$; "
              r"uniform lower bound $\max\{d_x,d_y\}+1$ for continuous monotone activations when $d_y\le 2d_x$.",
    predict=_none, measure=_none, relation=AtMost(why="not evaluated"),
    constants=[Constant("theorem_numbers", None, "unconfirmed", "abstract only (spec 4.6)")],
    skip_reason="citation only (spec 4.6): consistent with johnson2019 (d_x >= d_y) and the (1,2) bowtie bound",
)

hw23_uniform_2_2 = Claim(
    name="hw23_uniform_width_2_2", source=HW23, provenance="unconfirmed",
    statement=r"Uniform $w_{\min}=4$ for $(d_x,d_y)=(2,2)$; upper bound $\max(2d_x+1,d_y)+\alpha(\sigma)$, "
              r"$0\le\alpha\le2$.",
    constants=[Constant("w_min_2_2", 4, "unconfirmed", "via a secondary summary")],
    predict=_none, measure=_none, relation=AtMost(why="not evaluated"),
    skip_reason="citation only: no cheap oracle (spec 4.6)",
)
