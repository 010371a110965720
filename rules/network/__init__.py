"""Network exposure and isolation (K760-K769, profile `network`): Pods no NetworkPolicy isolates, exposed
Service types and ports, Ingresses without TLS."""
