"""The clinical core: pure Python rules with their published sources, no Django."""
