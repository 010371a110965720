"""Text that came from input, made safe to show: shortened for messages, escaped for terminals."""

from __future__ import annotations

# Longest value a message quotes in full; longer ones keep their start and end around an ellipsis.
QUOTE_LIMIT = 120


def shorten(value: str, limit: int = QUOTE_LIMIT) -> str:
    """`value`, or its start and end around "..." when longer than `limit` characters."""
    if len(value) <= limit:
        return value
    head = (limit - 3) * 2 // 3
    return f"{value[:head]}...{value[len(value) - (limit - 3 - head):]}"
