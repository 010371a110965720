"""Secrets (K745-K749): credentials and configuration exposed in plain text."""
