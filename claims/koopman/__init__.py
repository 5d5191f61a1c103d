"""Claims of the koopman family (spec: shared/specs/koopman.md)."""
