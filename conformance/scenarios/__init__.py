"""Scenario tests: documented semantics that property tests do not see, one module per
platform (test_<platform>.py, beside it test_<platform>_<theme>.py modules when split by
theme), written once with requests and run against any target."""
