import pytest

from k8slint.policy import cel


def pytest_collection_modifyitems(items):
    skip = pytest.mark.skip(reason=f"needs the {cel.ENGINE} engine: pip install 'k8slint[{cel.EXTRA}]'")
    for item in items:
        if "needs_cel" in item.keywords and not cel.available():
            item.add_marker(skip)


def pytest_configure(config):
    config.addinivalue_line("markers", "needs_cel: the test evaluates CEL and needs the optional engine")
