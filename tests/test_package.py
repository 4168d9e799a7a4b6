"""The package's shape: the CLI and the data core import neither Sphinx nor
matplotlib, so a curator's command costs no second of imports."""

import subprocess
import sys


def test_cli_and_data_core_import_no_sphinx_or_matplotlib():
    code = (
        "import sys, clipvid_docs, clipvid_docs.cli, clipvid_docs.export, clipvid_docs.results\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('sphinx', 'matplotlib', 'docutils'))\n"
        "print(heavy)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
