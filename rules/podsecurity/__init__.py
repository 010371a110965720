"""Pod security (K70x-K72x): the Pod Security Standards, baseline (on by default) and restricted (profile
`pss-restricted`), checked as `pod-security-admission` checks them, and the levels Namespaces enforce."""
