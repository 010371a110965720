"""Shuffle-sharding arithmetic of priority levels (`pkg/util/shufflesharding`)."""

from __future__ import annotations

import math

MAX_HASH_BITS = 60

# --- shuffle sharding ---------------------------------------------------------------------------------------------


def go_log2(x: float) -> float:
    """math.Log2 as Go computes it (exact for powers of two), so entropy limits agree at the boundary."""
    fraction, exponent = math.frexp(x)
    if fraction == 0.5:
        return float(exponent - 1)
    return math.log(fraction) * (1 / math.log(2)) + exponent


def required_entropy_bits(deck_size: int, hand_size: int) -> int:
    """shufflesharding.RequiredEntropyBits: ceil(log2(deckSize) * handSize)."""
    return math.ceil(go_log2(float(deck_size)) * float(hand_size))


def max_hand_size(queues: int) -> int:
    """The largest handSize the apiserver accepts for this many queues."""
    hand_size = min(queues, MAX_HASH_BITS)
    while hand_size > 1 and required_entropy_bits(queues, hand_size) > MAX_HASH_BITS:
        hand_size -= 1
    return hand_size


def squish_probability(queues: int, hand_size: int, elephants: int) -> float:
    """The probability that a low-intensity flow finds every queue of its hand taken by `elephants` heavy flows.

    Each flow's hand is `hand_size` distinct queues out of `queues`, uniformly and independently. By
    inclusion-exclusion over the mouse's queues that no elephant holds:
    P = sum_j (-1)^j C(H, j) (C(N-j, H) / C(N, H))^E, evaluated in exact integers (the float sum cancels
    catastrophically) and rounded once. Reproduces the table of the Kubernetes APF documentation.
    """
    if queues < 1 or not 1 <= hand_size <= queues or elephants < 0:
        raise ValueError(f"need 1 <= hand_size <= queues and elephants >= 0, got {queues}, {hand_size}, {elephants}")
    numerator = sum(
        (-1) ** missed * math.comb(hand_size, missed) * math.comb(queues - missed, hand_size) ** elephants
        for missed in range(hand_size + 1)
    )
    # Python's int / int is correctly rounded, however large the operands.
    return numerator / math.comb(queues, hand_size) ** elephants
