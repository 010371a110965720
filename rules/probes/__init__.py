"""Probes (K811-K819): readiness, liveness and startup probes of long-running containers."""
