"""`pytest conformance/ --platform P [--base-url URL] ...` loads the kit's plugin."""

pytest_plugins = ["conformance.plugin"]
