"""Tests of the conformance kit (conformance/), run as its users run it."""
