"""Conformance kit: the same checks against the sandbox or a real deployment (issue 3)."""
