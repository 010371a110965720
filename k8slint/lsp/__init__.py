"""`k8slint lsp`: the language server (the optional extra `k8slint[lsp]`, on pygls and lsprotocol).

- `linting`: what the server lints and with which configuration, without any protocol: open documents'
  unsaved text linted with the rest of their apply sets from disk, `.k8slint.yaml` re-read when it changes.
- `edits`: the text edits of the "suppress" code actions (a `disable-line` comment, an
  `ignore-check.k8slint.io/<rule>` annotation), as `k8slint.model.TextEdit`s.
- `protocol`: findings, fixes and edits as LSP diagnostics, code actions and workspace edits.
- `server`: the pygls server: document events, debouncing, linting off the event loop.

Only `server` and `protocol` import pygls or lsprotocol, and only the `lsp` command imports them.
"""
