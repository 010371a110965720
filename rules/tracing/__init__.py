"""Tracing (K5xx): TracingConfiguration, component tracing flags and OpenTelemetry Collector configurations."""
