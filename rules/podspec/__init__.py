"""Pod spec validity (K106-K109, K807, K815): what the API server rejects in Pods, Pod templates and Services that
the OpenAPI schema cannot express (port names, restart policies, requests above limits, probes on init containers)."""
