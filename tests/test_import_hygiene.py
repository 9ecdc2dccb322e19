"""The layer rule, checked at run time: importing a layer must not drag in an outer one.

``lint-imports`` checks the static graph; this checks what really lands in
``sys.modules`` (lazy or dynamic imports included), in a clean interpreter.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

PACKAGES = {
    "prakerja_console.domain": {"textual", "sqlmodel", "sqlalchemy", "httpx", "fastapi", "sqlite3"},
    "prakerja_console.sync.protocol": {"textual", "httpx", "fastapi", "prakerja_console.store"},
    "prakerja_console.i18n": {"textual", "sqlmodel", "httpx", "fastapi"},
    "prakerja_console.store": {"textual", "httpx", "fastapi", "prakerja_console.central"},
    "prakerja_console.cli": {"textual", "fastapi", "sqlmodel", "httpx"},
}


def _loaded_after_import(module: str) -> set[str]:
    code = (
        "import importlib, json, pkgutil, sys\n"
        f"root = importlib.import_module({module!r})\n"
        "for info in pkgutil.walk_packages(getattr(root, '__path__', []), root.__name__ + '.'):\n"
        "    importlib.import_module(info.name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return set(json.loads(result.stdout))


@pytest.mark.parametrize(("module", "forbidden"), sorted(PACKAGES.items()))
def test_layer_imports_nothing_outward(module: str, forbidden: set[str]) -> None:
    loaded = _loaded_after_import(module)
    leaked = {name for name in loaded if name.split(".")[0] in forbidden or name in forbidden}
    leaked |= {name for name in loaded for prefix in forbidden if name.startswith(prefix + ".")}
    assert not leaked, f"importing {module} loaded {sorted(leaked)}"
