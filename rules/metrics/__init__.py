"""Metrics (K650-K669): component metrics flags, Prometheus configuration, what scrapes what, and retired
or insecure monitoring components."""
