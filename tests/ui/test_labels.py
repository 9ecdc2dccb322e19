"""Every piece of personal data an audit line can name has a name of its own."""

from __future__ import annotations

from prakerja_console.i18n import Translator
from prakerja_console.services.applicant import PiiField
from prakerja_console.ui.labels import FIELD_NAME


def test_every_revealable_field_is_named_in_the_audit_trail() -> None:
    assert {field.value for field in PiiField} <= FIELD_NAME.keys()
    indonesian = Translator("id")
    assert indonesian._(FIELD_NAME[PiiField.BIRTH_DATE.value]) == "tanggal lahir"
