"""Claims of the universality family (spec: shared/specs/universality.md)."""
