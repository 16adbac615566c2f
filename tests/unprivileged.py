"""Run citewatch as a real process that permission bits bind, even under root.

Root ignores permission bits through two capabilities (CAP_DAC_OVERRIDE,
CAP_DAC_READ_SEARCH). Under root the process is started through util-linux ``setpriv``
with both dropped from its bounding set, so a folder with mode 0o555 is read-only to it and
one with mode 0o000 unreadable, as for any other user.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def _prefix() -> list[str]:
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    assert setpriv, "running as root: util-linux setpriv is needed to drop the capabilities"
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]


def run_citewatch(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m citewatch ARGS`` in ``cwd``, bound by permission bits, at most 60 s."""
    return subprocess.run(
        [*_prefix(), sys.executable, "-m", "citewatch", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def restore(folder: Path) -> None:
    """Give every folder below ``folder`` its permissions back (so pytest can clean up)."""
    folder.chmod(0o755)
    for top, dirs, _ in os.walk(folder):
        for d in dirs:
            Path(top, d).chmod(0o755)
