"""``python -m prakerja_console.i18n check|compile``: the catalogue maintainer's tool."""

from __future__ import annotations

import sys

from prakerja_console.i18n.catalogue import compile_all, missing, stale_mo_files, unused


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "compile":
        for path in compile_all():
            print(f"compiled {path}")
        return 0
    if command == "check":
        absent = missing()
        for marked in absent:
            print(f"untranslated: {marked.location}: {marked.msgid!r}")
        dead = unused()
        for po_file, msgid in dead:
            print(f"unused: {po_file.name}: {msgid!r} (nothing marks it; delete the entry)")
        for path in stale_mo_files():
            print(f"stale: {path} (run: python -m prakerja_console.i18n compile)")
        return 1 if absent or dead or stale_mo_files() else 0
    print("usage: python -m prakerja_console.i18n [check|compile]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
