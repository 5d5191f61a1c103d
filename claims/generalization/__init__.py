"""Claims of the generalization family (spec: shared/specs/generalization.md)."""
