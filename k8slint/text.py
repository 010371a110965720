"""Text that came from input, made safe to show: shortened for messages, escaped for terminals.

Every line k8slint writes for a person (findings, `apf order`, configuration errors) passes input
text through `terminal_safe`; machine formats escape for their own syntax (see k8slint.formats)
and use `CONTROL` for the characters a terminal would act on.
"""

from __future__ import annotations

import re

from k8slint.regex import LazyPattern

# Longest value a message quotes in full (a DNS subdomain name, the longest name Kubernetes takes, is
# 253); longer ones keep their start and end around an ellipsis.
QUOTE_LIMIT = 256

# What a terminal acts on, or shows as a line break: C0 controls but tab, DEL, C1 controls (U+009B
# is a one-character CSI, U+0085 a line break), and the Unicode line and paragraph separators.
CONTROL = LazyPattern(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def visible(match: re.Match) -> str:
    """A matched control character as a Python escape (`\\x1b`, `\\n`, `\\x9b`)."""
    return match.group().encode("unicode_escape").decode("ascii")


def terminal_safe(text: str) -> str:
    """Control characters (ESC, CR, LF, BEL, CSI...) shown as escapes: input cannot drive the
    terminal or start a line that looks like another finding or a CI workflow command."""
    return CONTROL.sub(visible, text)


def shorten(value: str, limit: int = QUOTE_LIMIT) -> str:
    """`value`, or its start and end around "..." when longer than `limit` characters."""
    if len(value) <= limit:
        return value
    head = (limit - 3) * 2 // 3
    return f"{value[:head]}...{value[len(value) - (limit - 3 - head):]}"


# Longest message any output format writes; rules quote input values in their messages.
MESSAGE_LIMIT = 1000
_LONG_QUOTED = LazyPattern('"([^"]{%d,})"' % (QUOTE_LIMIT + 1))


def shorten_message(message: str) -> str:
    """A finding's message as output writes it: each quoted value shortened, and the whole bounded,
    so that a 20 KB label value quoted by 500 findings does not become 10 MB of output."""
    return shorten(_LONG_QUOTED.sub(lambda match: f'"{shorten(match.group(1))}"', message), MESSAGE_LIMIT)
