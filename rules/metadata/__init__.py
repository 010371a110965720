"""Metadata (K10x): required fields, names, labels and identity of objects, by the API server's own rules."""
