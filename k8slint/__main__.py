from k8slint.cli import entry_point

entry_point()
