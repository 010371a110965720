"""Hardening (K730-K741): pod hardening beyond the Pod Security Standards (host mounts, capabilities,
users and groups, service account tokens), mostly in the `hardening` profile."""
