"""Keep the catalogue whole: find every marked string, report untranslated ones, compile.

Run ``python -m prakerja_console.i18n check`` after adding strings and
``python -m prakerja_console.i18n compile`` after editing a ``.po`` file; the test
suite fails when either is forgotten.
"""

from __future__ import annotations

import ast
import gettext
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from prakerja_console.i18n.translator import LOCALE_DIR

PACKAGE_DIR = Path(__file__).resolve().parent.parent
MARKERS = {"_": (0,), "N_": (0,), "ngettext": (0, 1)}  # function -> msgid argument positions


@dataclass(frozen=True, slots=True)
class MarkedString:
    msgid: str
    location: str


def marked_strings(package_dir: Path = PACKAGE_DIR) -> Iterator[MarkedString]:
    """Every string passed to ``_``, ``N_`` or ``ngettext`` in the package's Python files.

    An ``ast`` walk rather than Babel's extractor: Babel drops a marker nested in
    another marker's call (``_(NAMES.get(key, N_("other data")))``), so such a
    fallback went untranslated without the check noticing.
    """
    for path in sorted(package_dir.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                for msgid in _msgids(node):
                    yield MarkedString(msgid, f"{path.relative_to(package_dir)}:{node.lineno}")


def _msgids(call: ast.Call) -> Iterator[str]:
    """The literal, non-empty msgids a marker call passes (none for other calls)."""
    for position in MARKERS.get(_called_name(call.func), ()):
        argument = call.args[position] if position < len(call.args) else None
        if (
            isinstance(argument, ast.Constant)
            and isinstance(argument.value, str)
            and argument.value
        ):
            yield argument.value


def _called_name(function: ast.expr) -> str:
    """``_`` for ``_(…)`` and for ``translator._(…)`` alike."""
    if isinstance(function, ast.Name):
        return function.id
    return function.attr if isinstance(function, ast.Attribute) else ""


def po_files(language: str) -> list[Path]:
    return sorted((LOCALE_DIR / language / "LC_MESSAGES").glob("*.po"))


def load_catalogue(po_file: Path) -> Catalog:
    with po_file.open("rb") as handle:
        return read_po(handle, locale=po_file.parent.parent.name)


def translated_ids(language: str) -> dict[str, Path]:
    """msgid → the .po file that translates it (non-empty, not fuzzy)."""
    found: dict[str, Path] = {}
    for po_file in po_files(language):
        for message in load_catalogue(po_file):
            msgids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
            strings = (message.string,) if isinstance(message.string, str) else message.string
            if all(msgids) and strings and all(strings) and not message.fuzzy:
                found.update(dict.fromkeys(msgids, po_file))
    return found


def missing(language: str = "id") -> list[MarkedString]:
    """Marked strings with no translation in ``language``."""
    have = translated_ids(language)
    return [marked for marked in marked_strings() if marked.msgid not in have]


def unused(language: str = "id") -> list[tuple[Path, str]]:
    """Translations nothing marks any more: dead entries that would hide a renamed string."""
    marked = {marked.msgid for marked in marked_strings()}
    return sorted(
        (po_file, msgid)
        for msgid, po_file in translated_ids(language).items()
        if msgid not in marked
    )


def compiled_bytes(po_file: Path) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, load_catalogue(po_file), use_fuzzy=False)
    return buffer.getvalue()


def _entries(mo_bytes: bytes) -> dict[object, str]:
    """A compiled catalogue's messages, without the header (which carries a build time)."""
    translations = gettext.GNUTranslations(io.BytesIO(mo_bytes))
    catalog: dict[object, str] = getattr(translations, "_catalog", {})
    return {key: value for key, value in catalog.items() if key != ""}


def stale_mo_files(language: str = "id") -> list[Path]:
    """``.mo`` files whose messages differ from their ``.po`` (or that are absent)."""
    stale = []
    for po_file in po_files(language):
        mo_file = po_file.with_suffix(".mo")
        if not mo_file.exists() or _entries(mo_file.read_bytes()) != _entries(
            compiled_bytes(po_file)
        ):
            stale.append(mo_file)
    return stale


def compile_all(language: str = "id") -> list[Path]:
    """Rewrite the ``.mo`` files whose messages changed (others keep their bytes)."""
    written = []
    for mo_file in stale_mo_files(language):
        mo_file.write_bytes(compiled_bytes(mo_file.with_suffix(".po")))
        written.append(mo_file)
    return written
