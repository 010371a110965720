"""
## What it does
Reports an input path that cannot be linted: it does not exist, cannot be read (permissions),
is not a regular file (a FIFO or device), is not UTF-8 or UTF-16 text, contains NUL bytes (a
binary file), or is larger than `maxFileSize`. Other files are still linted, and the exit
code is 2.

## Why is this bad?
A manifest that the linter cannot read is a manifest nobody checked.

## Example
```console
$ k8slint lint deploy.yaml missing.yaml
missing.yaml:1:1: error K006 [unreadable-file] no such file or directory
```

Use instead: pass paths that exist, save manifests as UTF-8, and exclude binary files.
"""

from k8slint.model import Severity

CODE = "K006"
NAME = "unreadable-file"
SUMMARY = "an input path cannot be read as text"
SEVERITY = Severity.ERROR
REMEDIATION = "Check the path, its permissions and its encoding (UTF-8)."
