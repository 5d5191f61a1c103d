"""Claims of the duality family (spec: shared/specs/duality.md)."""
