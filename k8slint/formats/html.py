"""`--format html`: one self-contained page for audits and pull-request artifacts.

No network and no external assets: the styles, the script and the chart (SVG) are inline, and a
Content-Security-Policy forbids the browser any other request. The page has the summary by severity,
rule and apply set, a bar chart of the findings per rule family, and each finding with its source
excerpt, caret and remediation; the findings can be filtered by severity and rule (also from the
address: `report.html#severity=error&rule=K102`). Every text from the input is HTML-escaped and its
control characters made visible.
"""

from __future__ import annotations

import html
import os
from collections import Counter
from typing import TextIO

from k8slint import __version__, registry
from k8slint.formats import PLAIN, OutputOptions, _excerpt, _summary, formatter, message_with_related
from k8slint.linter import Report
from k8slint.model import Finding, Severity
from k8slint.text import terminal_safe

_POLICY = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1em 2em;color:#1f2328}
h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.15em;margin:1.4em 0 .4em}
table{border-collapse:collapse;margin:.3em 0}td,th{border:1px solid #d0d7de;padding:.2em .6em;text-align:left}
td.n{text-align:right}.sev-error{color:#cf222e}.sev-warning{color:#9a6700}.sev-info{color:#0969da}
.grid{display:flex;flex-wrap:wrap;gap:2em}.finding{border:1px solid #d0d7de;border-radius:6px;margin:.8em 0;padding:.6em .9em}
.finding[hidden]{display:none}.where{font-family:ui-monospace,monospace;font-weight:600}
pre{background:#f6f8fa;padding:.5em;overflow-x:auto;margin:.4em 0}.caret{color:#cf222e}
.help{color:#57606a}.filters{position:sticky;top:0;background:#fff;padding:.5em 0;border-bottom:1px solid #d0d7de}
"""
# Reads the filters (also from the address), hides the findings that do not match; marks the page
# ready, or records a script error, so that a headless browser can tell.
_SCRIPT = """
window.addEventListener('error', function (event) {
  document.documentElement.setAttribute('data-script-error', String(event.message));
});
(function () {
  var severity = document.getElementById('severity-filter');
  var rule = document.getElementById('rule-filter');
  var findings = document.querySelectorAll('.finding');
  var shown = document.getElementById('shown');
  function apply() {
    var count = 0;
    findings.forEach(function (finding) {
      var visible = (!severity.value || finding.dataset.severity === severity.value) &&
                    (!rule.value || finding.dataset.rule === rule.value);
      finding.hidden = !visible;
      if (visible) { count += 1; }
    });
    shown.textContent = count + ' of ' + findings.length + ' findings shown';
  }
  var wanted = new URLSearchParams(window.location.hash.slice(1));
  if (wanted.has('severity')) { severity.value = wanted.get('severity'); }
  if (wanted.has('rule')) { rule.value = wanted.get('rule'); }
  severity.addEventListener('change', apply);
  rule.addEventListener('change', apply);
  apply();
  document.documentElement.setAttribute('data-ready', 'true');
})();
"""
_BAR_COLOURS = ("#0969da", "#8250df", "#1a7f37", "#bf8700", "#cf222e", "#57606a")


def _text(value: object) -> str:
    return html.escape(terminal_safe(str(value)), quote=True)


@formatter("html")
def html_report(report: Report, out: TextIO, options: OutputOptions = PLAIN) -> None:
    rules = {rule.code: rule for rule in registry.known_rules()}
    findings = report.findings
    by_severity = Counter(finding.severity for finding in findings)
    by_rule = Counter(finding.code for finding in findings)
    by_family = Counter(rules[finding.code].family if finding.code in rules else "other" for finding in findings)
    apply_set_of = {file: name for name, files in report.apply_sets for file in files}
    by_apply_set = Counter(apply_set_of.get(finding.file, os.path.dirname(finding.file) or ".") for finding in findings)

    write = out.write
    write('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')
    write(f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">\n')
    write('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
    write(f"<title>k8slint report</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n")
    write(f"<h1>k8slint report</h1>\n<p>k8slint {_text(__version__)}. {_text(_summary(report))}</p>\n")

    write('<div class="grid">\n<section>\n<h2>By severity</h2>\n<table>\n')
    for severity in sorted(Severity, reverse=True):
        write(f'<tr><td class="sev-{severity}">{severity}</td><td class="n">{by_severity[severity]}</td></tr>\n')
    write("</table>\n</section>\n<section>\n<h2>By rule family</h2>\n")
    write(_chart(by_family))
    write("</section>\n</div>\n")

    write("<h2>By rule</h2>\n<table>\n<tr><th>code</th><th>rule</th><th>severity</th><th>findings</th></tr>\n")
    for code, count in sorted(by_rule.items(), key=lambda item: (-item[1], item[0])):
        rule = rules.get(code)
        name = rule.name if rule else code
        severity = rule.severity if rule else ""
        write(f"<tr><td>{_text(code)}</td><td>{_text(name)}</td><td>{_text(severity)}</td><td class=\"n\">{count}</td></tr>\n")
    write("</table>\n")

    write("<h2>By apply set</h2>\n<table>\n<tr><th>apply set</th><th>findings</th></tr>\n")
    for name, count in sorted(by_apply_set.items(), key=lambda item: (-item[1], item[0])):
        write(f'<tr><td>{_text(name)}</td><td class="n">{count}</td></tr>\n')
    write("</table>\n")

    write('<h2>Findings</h2>\n<div class="filters">\n<label>Severity <select id="severity-filter">'
          '<option value="">all</option>')
    for severity in sorted(Severity, reverse=True):
        write(f'<option value="{severity}">{severity}</option>')
    write('</select></label>\n<label>Rule <select id="rule-filter"><option value="">all</option>')
    for code in sorted(by_rule):
        name = rules[code].name if code in rules else code
        write(f'<option value="{_text(code)}">{_text(code)} {_text(name)}</option>')
    write('</select></label>\n<span id="shown"></span>\n</div>\n')
    for finding in findings:
        write(_finding(report, finding))
    write(f"<script>{_SCRIPT}</script>\n</body>\n</html>\n")


def _finding(report: Report, finding: Finding) -> str:
    parts = [
        f'<article class="finding" data-severity="{finding.severity}" data-rule="{_text(finding.code)}">\n',
        f'<div><span class="where">{_text(f"{finding.file}:{finding.line}:{finding.column}")}</span> '
        f'<span class="sev-{finding.severity}">{finding.severity}</span> '
        f"<strong>{_text(finding.code)}</strong> [{_text(finding.name)}]</div>\n",
        f'<div class="message">{_text(message_with_related(finding))}</div>\n',
    ]
    source = report.source_line(finding.file, finding.line)
    if source is not None:
        end_column = finding.end_column if finding.end_line == finding.line else None
        shown, caret = _excerpt(source, finding.column, end_column)
        gutter = f"{finding.line:>5} | "
        carets = caret.lstrip(" ")
        indent = " " * (len(gutter) - 2) + "| " + caret[: len(caret) - len(carets)]
        parts.append(f'<pre>{html.escape(gutter + shown)}\n{indent}<span class="caret">{carets}</span></pre>\n')
    if finding.remediation:
        parts.append(f'<div class="help">help: {_text(finding.remediation)}</div>\n')
    parts.append("</article>\n")
    return "".join(parts)


def _chart(counts: Counter) -> str:
    """A horizontal bar per rule family, as inline SVG."""
    if not counts:
        return "<p>No findings.</p>\n"
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    most = rows[0][1]
    height = 22 * len(rows)
    bars = []
    for index, (family, count) in enumerate(rows):
        y = index * 22
        width = max(2, round(240 * count / most))
        colour = _BAR_COLOURS[index % len(_BAR_COLOURS)]
        bars.append(
            f'<text x="0" y="{y + 15}">{_text(family)}</text>'
            f'<rect x="110" y="{y + 3}" width="{width}" height="16" fill="{colour}"></rect>'
            f'<text x="{116 + width}" y="{y + 15}">{count}</text>'
        )
    return (
        f'<svg role="img" aria-label="findings per rule family" width="420" height="{height}" '
        f'font-size="13">{"".join(bars)}</svg>\n'
    )
