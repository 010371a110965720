"""`--format html`: self-contained, escaped, and working in a real browser (headless Chromium from the
Debian packages: the browser test skips, naming it, when Chromium is not installed)."""

import io
import re
import shutil
import subprocess

import pytest

from k8slint.formats import FORMATS
from tests.formats import test_formats, test_output_integrity
from tests.helpers import lint


def render(report) -> str:
    out = io.StringIO()
    FORMATS["html"](report, out)
    return out.getvalue()


def golden_report():
    return lint(test_formats.MANIFEST, path="deploy/web.yaml", select=test_formats.GOLDEN_RULES)


def test_the_page_loads_nothing_from_anywhere():
    page = render(golden_report())
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"(?i)\b(src|href)\s*=|<link|@import|url\(|https?:", page)


def test_the_page_has_the_summaries_and_every_finding():
    page = render(golden_report())
    for heading in ("By severity", "By rule family", "By rule", "By apply set", "Findings"):
        assert f"<h2>{heading}</h2>" in page
    assert page.count('<article class="finding"') == 4
    assert "deploy/web.yaml:4:9" in page and "help: Rename the object" in page
    assert '<span class="caret">^^^^^^^^^^^^</span>' in page


def test_input_cannot_inject_markup_or_terminal_controls():
    report = lint(test_output_integrity.HOSTILE, path="dir/<b>x</b>.yaml", select=["invalid-name", "invalid-label"])
    page = render(report)
    assert "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page
    assert "\x1b" not in page and "\x07" not in page
    assert page.count("<script>") == 1


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    pytest.skip("Chromium is not installed (Debian: apt-get install chromium); the HTML report's browser test needs it")


def browse(page_path, tmp_path, *arguments):
    return subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path / 'profile'}",
         "--enable-logging=stderr", "--v=0", "--window-size=1200,1600", *arguments],
        capture_output=True, text=True, timeout=120,
    )


def test_chromium_renders_the_page_and_its_filters_work(tmp_path):
    page_path = tmp_path / "k8slint.html"
    page_path.write_text(render(golden_report()), encoding="utf-8")
    screenshot = tmp_path / "k8slint.png"
    shot = browse(page_path, tmp_path, f"--screenshot={screenshot}", page_path.as_uri())
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and screenshot.stat().st_size > 10_000, shot.stderr[-2000:]

    dom = browse(page_path, tmp_path, "--dump-dom", page_path.as_uri() + "#rule=K103")
    assert dom.returncode == 0, dom.stderr[-2000:]
    text = dom.stdout
    root = re.search(r"<html[^>]*>", text).group()
    assert 'data-ready="true"' in root and "data-script-error" not in root
    assert "Uncaught" not in dom.stderr and "Uncaught" not in shot.stderr
    assert "1 of 4 findings shown" in text
    assert "deploy/web.yaml:4:9" in text and 'name "Web_Frontend" is invalid for Service' in text
    articles = re.findall(r'<article class="finding"[^>]*>', text)
    visible = [article for article in articles if "hidden" not in article]
    assert len(articles) == 4 and visible == ['<article class="finding" data-severity="error" data-rule="K103">']
