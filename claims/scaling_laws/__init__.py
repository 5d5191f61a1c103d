"""Claims of the scaling_laws family (spec: shared/specs/scaling_laws.md)."""
