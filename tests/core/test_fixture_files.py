"""The fixture files shipped in fixtures/: every YAML parser a user may have reads them."""

from __future__ import annotations

from pathlib import Path

import yaml

from sandbox.core.fixtures import check_envelope, read_document

DEMO = Path(__file__).resolve().parents[2] / "fixtures" / "demo.yaml"


def test_demo_parses_with_pyyaml_pure_python_loader() -> None:
    # PyYAML built without libyaml has only the pure-Python loader, which is stricter
    # than the C one: a `?` before `}` in a flow mapping is an error there.
    assert yaml.SafeLoader.__module__ == "yaml.loader"  # the pure-Python class
    document = yaml.load(DEMO.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    campaign = document["workspaces"]["default"]["xerochat"]["flow_campaigns"][0]
    assert campaign["questions"] == [
        {"id": 45, "question": "Qual é o seu e-mail?"},
        {"id": 46, "question": "Qual produto te interessa?"},
    ]


def test_demo_reads_the_same_with_the_pure_python_and_the_sandbox_loader() -> None:
    text = DEMO.read_text(encoding="utf-8")
    assert check_envelope(yaml.load(text, Loader=yaml.SafeLoader)) == read_document(DEMO)
