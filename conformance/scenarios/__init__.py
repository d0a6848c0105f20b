"""Scenario tests: documented semantics that property tests do not see, one module per
platform (test_<platform>.py), written once with requests and run against any target."""
