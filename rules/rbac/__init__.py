"""RBAC (K750-K759, profile `rbac`): roles and bindings that grant more than a workload should have."""
