"""Credentials written in plain text: which names say a value is a credential, which values cannot be
one, and where a private key starts in a text.

Names follow Polaris' `sensitiveContainerEnvVar` and `sensitiveConfigmapContent`
(`pkg/config/checks/*.yaml`: `password`, `token`, `bearer`, `secret`, and four cloud credential names),
matched as words of the name (`DB_PASSWORD`, `dbPassword`, `api-token`) rather than anywhere in it, and
with the false positives their users reported left out: names that say the value is where a credential
is (`SECRETS_DIR`, `TOKEN_FILE`, `*_PATH`: stackrox/kube-linter#1198, kubescape/regolibrary#697) or what
it is called (`SECRET_NAME`), and values that cannot be a credential (empty, a path, a boolean, a number,
a URL without a password, a `$(VAR)` reference).
"""

from __future__ import annotations

import re

from k8slint.regex import LazyPattern

SENSITIVE_WORDS = frozenset({"PASSWORD", "PASSWD", "TOKEN", "BEARER", "SECRET"})
SENSITIVE_NAMES = LazyPattern(r"(?i)^(AWS_SECRET_ACCESS_KEY|GOOGLE_APPLICATION_CREDENTIALS|AZURE_.+KEY|OCI_CLI_KEY_CONTENT)$")
# The last word of a name that is about a credential without being one.
DESCRIPTIVE_WORDS = frozenset(
    {"FILE", "FILES", "PATH", "DIR", "DIRECTORY", "NAME", "NAMES", "URL", "URI", "ENDPOINT", "HOST", "PORT",
     "ENABLED", "ENABLE", "DISABLED", "DISABLE", "TYPE", "LENGTH", "TTL", "TIMEOUT", "HEADER", "ID", "REF",
     "MOUNT", "LOCATION", "EXPIRY", "EXPIRATION", "DURATION", "ISSUER", "AUDIENCE", "SCOPE", "SCOPES", "FIELD",
     "VERSION", "REGION", "PREFIX", "SUFFIX", "FORMAT", "MODE", "POLICY", "LIFETIME", "INTERVAL", "PERIOD",
     "SIZE", "LIMIT", "SECONDS", "KEYS", "STORE", "NAMESPACE", "PROVIDER", "BACKEND", "ROTATION", "REFRESH"}
)
# Well-known variables named "token" whose value is an identifier, not a credential: etcd's cluster
# token only keeps clusters' ids apart (etcd's `--initial-cluster-token`), as does its discovery token.
IDENTIFIER_NAMES = frozenset({"ETCD_INITIAL_CLUSTER_TOKEN", "ETCD_DISCOVERY_TOKEN"})
_WORDS = LazyPattern(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
_NOT_CREDENTIALS = LazyPattern(
    r"(?i)^(\s*|/.*|true|false|yes|no|on|off|null|none|-?[0-9.]+[a-z]*|[a-z][a-z0-9+.-]*://[^@\s]*|.*\$\(.*\).*|.*\{\{.*\}\}.*|\$\{.*\})$",
    re.DOTALL,
)
PRIVATE_KEY = LazyPattern(r"(?i)-BEGIN\s+[A-Z0-9 ]*PRIVATE KEY-")


def _words(name: str) -> list[str]:
    return [word.upper() for word in _WORDS.findall(name)]


def is_sensitive_name(name: str) -> bool:
    """A name that says its value is a credential: a word of it is password, token, bearer or secret
    (singular or plural), or it is a cloud credential's variable, and its last word does not describe
    the credential instead (`_FILE`, `_PATH`, `_NAME`, ...)."""
    words = _words(name)
    if name.upper() in IDENTIFIER_NAMES or not words or words[-1] in DESCRIPTIVE_WORDS:
        return False
    return bool(SENSITIVE_NAMES.match(name)) or any(word in SENSITIVE_WORDS or word[:-1] in SENSITIVE_WORDS for word in words)


def may_be_credential(value: str) -> bool:
    """Whether a literal value could be a credential (see the module docstring for what cannot)."""
    return not _NOT_CREDENTIALS.match(value)


def private_key_at(text: str) -> tuple[int, int] | None:
    """0-based (line, column) where a PEM private key block starts in `text`, or None."""
    found = PRIVATE_KEY.search(text)
    if found is None:
        return None
    begin = found.start()
    while begin > 0 and text[begin - 1] == "-":
        begin -= 1  # point at the whole `-----BEGIN` marker
    return text.count("\n", 0, begin), begin - (text.rfind("\n", 0, begin) + 1)
