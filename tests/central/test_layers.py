"""The central imports no console layer but ``domain`` and ``sync.protocol`` (checked at run time)."""

from __future__ import annotations

import json
import subprocess
import sys

FORBIDDEN = (
    "prakerja_console.store",
    "prakerja_console.ui",
    "prakerja_console.services",
    "textual",
    "keyring",
)


def test_importing_every_central_module_loads_no_console_layer() -> None:
    code = (
        "import importlib, json, pkgutil, sys\n"
        "import prakerja_console.central as root\n"
        "for info in pkgutil.walk_packages(root.__path__, root.__name__ + '.'):\n"
        "    importlib.import_module(info.name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    loaded = json.loads(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
        ).stdout
    )
    leaked = [name for name in loaded if name.startswith(FORBIDDEN)]
    assert not leaked
    ours = {name for name in loaded if name.startswith("prakerja_console.sync")}
    assert ours <= {"prakerja_console.sync", "prakerja_console.sync.protocol"}
