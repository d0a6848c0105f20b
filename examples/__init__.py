"""Examples built only from flow-sandbox's documented toolkit (docs/adding-a-platform.md)."""
