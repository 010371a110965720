"""Input and parsing (K0xx): YAML and documents Kubernetes cannot read. The core reports these while reading files."""
