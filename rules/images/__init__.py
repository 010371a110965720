"""Images (K2xx): container image references."""
