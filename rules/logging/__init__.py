"""Logging (K6xx): log sidecars and fluentd / Fluent Bit agents."""
