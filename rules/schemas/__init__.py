"""Schemas and API versions (K3xx): objects validated offline against the OpenAPI schema of their apiVersion and kind."""
