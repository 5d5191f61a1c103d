"""Claims of the convex_relu family (spec: shared/specs/convex_relu.md)."""
