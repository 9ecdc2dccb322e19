"""The palette's applicant shortcut: type a NIK, e-mail, phone or PK-id, open the applicant.

The console's own commands reach the palette through the app's
``get_system_commands`` (from the one command registry); this provider adds one
hit when what is typed reads as something that identifies an applicant. The
typed value is shown masked and as literal text.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import Hit, Hits, Provider

from prakerja_console.domain.lookup_query import (
    QueryKind,
    describe,
    read_query,
    registration_label,
)
from prakerja_console.domain.masking import mask_email, mask_nik, mask_phone
from prakerja_console.ui.host import host
from prakerja_console.ui.safe import styled

_IDENTIFYING: dict[QueryKind, Callable[[str], str]] = {
    QueryKind.NIK: mask_nik,
    QueryKind.KK: mask_nik,
    QueryKind.EMAIL: mask_email,
    QueryKind.PHONE: mask_phone,
    QueryKind.REGISTRATION: lambda value: registration_label(int(value)),
}


class ApplicantProvider(Provider):
    async def search(self, query: str) -> Hits:
        console = host(self.screen)
        found = read_query(query, console.now().date())
        shown = _IDENTIFYING.get(found.kind)
        if shown is None:
            return
        _ = console.translator._
        title = styled(
            (_("Applicant") + ": ", "bold"),
            _("open {what} {value}").format(what=_(describe(found)), value=shown(found.value)),
        )
        yield Hit(
            1.0,
            title,
            partial(console.open_lookup, query.strip(), open_single=True),
            help=_("Look the applicant up and open them if exactly one matches"),
        )
