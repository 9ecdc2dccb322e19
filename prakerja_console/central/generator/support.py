"""The call centre's and regional offices' side: tickets, their events, cases and notes.

Called for the few applicants with a problem (a few percent of rows), so clarity
wins over speed here. Ticket texts are what agents and applicants wrote: data in
Indonesian, not interface text, so they are not in the translation catalogue.
SLA due times come from :func:`prakerja_console.domain.sla.due_times`, the same
rule the console counts down with.
"""

from __future__ import annotations

import json
from random import Random

from prakerja_console.central.generator.lookups import Lookups
from prakerja_console.central.generator.rows import Rows
from prakerja_console.central.generator.scenario import Scenario, ShowcaseTicket
from prakerja_console.domain.epoch import moment
from prakerja_console.domain.funnel import Reason
from prakerja_console.domain.regions import time_zone_of
from prakerja_console.domain.sla import due_times
from prakerja_console.domain.tickets import Category, Channel, Priority, Status
from prakerja_console.sync.protocol import Table

# Why an applicant calls, by the reason they are stuck; None: they rarely call.
TICKET_CATEGORY: dict[str, Category] = {
    Reason.EMAIL_PENDING: Category.EMAIL_NOT_RECEIVED,
    Reason.EMAIL_BOUNCED: Category.EMAIL_NOT_RECEIVED,
    Reason.NIK_NOT_FOUND: Category.NIK_NOT_FOUND,
    Reason.NIK_REGISTRY_MISMATCH: Category.NIK_KK_MISMATCH,  # agents file "data does not match" here
    Reason.NIK_KK_MISMATCH: Category.NIK_KK_MISMATCH,
    Reason.NIK_ALREADY_USED: Category.NIK_ALREADY_USED,
    Reason.KTP_PHOTO_REJECTED: Category.KTP_PHOTO_UPLOAD,
    Reason.SELECTION_PENDING: Category.SELECTION_STATUS,
    Reason.NOT_SELECTED: Category.SELECTION_STATUS,
    Reason.SOCIAL_ASSISTANCE_DEPRIORITISED: Category.SELECTION_STATUS,
    Reason.SOCIAL_ASSISTANCE_EXCLUDED: Category.SELECTION_STATUS,
    Reason.UNDER_AGE: Category.SELECTION_STATUS,
    Reason.STUDENT: Category.SELECTION_STATUS,
    Reason.KK_LIMIT: Category.SELECTION_STATUS,
    Reason.ACCOUNT_BLOCKED: Category.ACCOUNT_BLOCKED,
    Reason.AWAITING_FIRST_PURCHASE: Category.VOUCHER_PURCHASE,
    Reason.REVOKED_NO_PURCHASE: Category.REVOCATION,
    Reason.CERTIFICATE_PENDING: Category.CERTIFICATE_MISSING,
    Reason.BANK_ACCOUNT_MISSING: Category.INCENTIVE_FAILED,
    Reason.INCENTIVE_FAILED_PHONE_CHANGED: Category.INCENTIVE_FAILED,
    Reason.INCENTIVE_FAILED_ACCOUNT_INACTIVE: Category.INCENTIVE_FAILED,
    Reason.INCENTIVE_FAILED_NAME_MISMATCH: Category.INCENTIVE_FAILED,
    Reason.INCENTIVE_RETRY_SCHEDULED: Category.INCENTIVE_FAILED,
    Reason.INCENTIVE_PAID: Category.SURVEY_INCENTIVE,
}

# Problems a regional officer triages, and the case kind they become.
CASE_KIND: dict[str, str] = {
    Reason.NIK_NOT_FOUND: "nik_not_found",
    Reason.NIK_REGISTRY_MISMATCH: "registry_mismatch",
    Reason.NIK_KK_MISMATCH: "kk_mismatch",
    Reason.NIK_ALREADY_USED: "duplicate_nik",
    Reason.KTP_PHOTO_REJECTED: "ktp_photo",
}

_SUBJECTS: dict[Category, str] = {
    Category.EMAIL_NOT_RECEIVED: "Email verifikasi tidak masuk",
    Category.NIK_NOT_FOUND: "NIK tidak ditemukan saat verifikasi",
    Category.NIK_KK_MISMATCH: "Data NIK/KK tidak cocok dengan Dukcapil",
    Category.NIK_ALREADY_USED: "NIK sudah dipakai akun lain",
    Category.KTP_PHOTO_UPLOAD: "Gagal unggah foto KTP",
    Category.SELECTION_STATUS: "Menanyakan hasil seleksi gelombang",
    Category.ACCOUNT_BLOCKED: "Akun tidak bisa masuk, katanya diblokir",
    Category.VOUCHER_PURCHASE: "Cara membeli pelatihan pertama",
    Category.REVOCATION: "Kartu Prakerja dicabut",
    Category.CERTIFICATE_MISSING: "Sertifikat pelatihan belum terbit",
    Category.INCENTIVE_FAILED: "Insentif belum masuk ke e-wallet",
    Category.SURVEY_INCENTIVE: "Insentif survei belum diterima",
}
_REPLIES: dict[Category, str] = {
    Category.EMAIL_NOT_RECEIVED: "Email verifikasi sudah kami kirim ulang. Mohon cek juga folder spam atau promosi.",
    Category.NIK_NOT_FOUND: "NIK belum ditemukan di Dukcapil. Mohon pastikan NIK sesuai KTP, atau minta pemutakhiran data ke Disdukcapil setempat.",
    Category.NIK_KK_MISMATCH: "Data Anda belum cocok dengan Dukcapil. Mohon isi ulang tanggal lahir dan nomor KK persis seperti di KTP dan kartu keluarga terbaru.",
    Category.NIK_ALREADY_USED: "NIK Anda terdaftar di akun lain. Kami teruskan ke tim verifikasi untuk dicek.",
    Category.KTP_PHOTO_UPLOAD: "Foto KTP belum terbaca. Mohon unggah ulang foto yang jelas, tidak buram dan tidak terpotong.",
    Category.SELECTION_STATUS: "Status seleksi Anda sudah kami cek dan jelaskan. Akun tetap aktif untuk gelombang berikutnya.",
    Category.ACCOUNT_BLOCKED: "Akun Anda dinonaktifkan karena terindikasi pelanggaran. Kami teruskan ke supervisor untuk ditinjau.",
    Category.VOUCHER_PURCHASE: "Saldo pelatihan bisa dipakai di mitra platform. Mohon beli pelatihan pertama sebelum batas waktu.",
    Category.REVOCATION: "Kepesertaan dicabut karena pelatihan pertama tidak dibeli tepat waktu. Silakan ikut gelombang berikutnya.",
    Category.CERTIFICATE_MISSING: "Sertifikat sedang diproses lembaga pelatihan, biasanya terbit dalam 1-3 hari kerja.",
    Category.INCENTIVE_FAILED: "Pembayaran insentif gagal. Mohon pastikan akun e-wallet aktif dan nomor HP sama dengan yang terdaftar.",
    Category.SURVEY_INCENTIVE: "Insentif survei dibayarkan setelah survei evaluasi diisi lengkap.",
}
_NOTES = (
    "Pendaftar menelepon, sudah dijelaskan langkah berikutnya.",
    "Sudah dicek di sistem, menunggu pembaruan data dari registri.",
    "Pendaftar akan menghubungi lagi setelah mencoba ulang.",
    "Nomor HP aktif, bisa dihubungi lewat WhatsApp.",
)
_ESCALATION = "Perlu keputusan supervisor."
_CHANNELS = (
    (Channel.PHONE, 55),
    (Channel.EMAIL, 20),
    (Channel.SOCIAL_MEDIA, 15),
    (Channel.WALK_IN, 10),
)
_URGENT_CATEGORIES = frozenset({Category.INCENTIVE_FAILED, Category.ACCOUNT_BLOCKED})


def _pick(rng: Random, weighted: tuple[tuple[str, int], ...]) -> str:
    """One item, drawn by weight."""
    return rng.choices([item for item, _ in weighted], [weight for _, weight in weighted])[0]


class SupportDesk:
    """Writes tickets (with their event history), verification cases and notes into ``rows``."""

    def __init__(
        self, scenario: Scenario, lookups: Lookups, rows: Rows, rng: Random, now: int
    ) -> None:
        self.agents = tuple(scenario.agents)
        self.officers = dict(scenario.officers)
        self.lags = lookups.lags
        self.rows = rows
        self.rng = rng
        self.now = now
        self.note_share = scenario.mix.notes

    def _after(self, moment: int, lags: tuple[int, ...]) -> int:
        """A moment a typical wait after ``moment``, never after now."""
        wait = lags[int(self.rng.random() * len(lags))]
        return moment + min(wait, max(self.now - moment, 0) // 2)

    def verification_case(
        self,
        applicant_id: int,
        reason: str,
        province: str | None,
        since: int,
        status: str | None = None,
    ) -> int:
        """Open a case about a NIK problem that arose at ``since``; returns its id."""
        rng = self.rng
        status = status or ("in_review" if rng.random() < 0.4 else "open")
        officer = self.officers.get(province or "")
        assignee = officer if officer and (status != "open" or rng.random() < 0.5) else None
        opened = self._after(since, self.lags.work)
        decided = decision = decided_reason = None
        if status in ("approved", "rejected"):
            decided = self._after(opened, self.lags.work)
            decision = status
            decided_reason = Reason.NIK_VERIFIED.value if status == "approved" else reason
        return self.rows.add(
            Table.VERIFICATION_CASES,
            applicant_id,
            CASE_KIND[reason],
            status,
            assignee,
            province,
            opened,
            decided,
            decision,
            decided_reason,
            1,
        )

    def ticket(
        self,
        applicant_id: int,
        category: Category,
        province: str | None,
        since: int,
        case_id: int | None,
        spec: ShowcaseTicket | None = None,
    ) -> None:
        """A ticket about a problem that arose at ``since``, with a plausible history."""
        rng = self.rng
        created = self._after(since, self.lags.ticket)
        if spec is not None:
            status = Status(spec.status)
            priority = Priority(spec.priority)
            channel = spec.channel
            subject = spec.subject
        else:
            status = self._status(created)
            priority = self._priority(category)
            channel = _pick(rng, _CHANNELS)
            subject = _SUBJECTS[category]
        creator = self.agents[int(rng.random() * len(self.agents))]
        assignee = None
        if status is not Status.NEW:
            assignee = spec.assignee if spec is not None and spec.assignee else creator
        due = due_times(category, priority, moment(created), time_zone_of(province))
        events = self._history(category, status, created, creator, assignee)
        first_response = next((at for kind, _, _, _, at in events if kind == "reply"), None)
        resolved = next((at for kind, _, _, to, at in events if to == Status.RESOLVED), None)
        updated = events[-1][4] if events else created
        ticket_id = self.rows.add(
            Table.TICKETS,
            None,
            applicant_id,
            category.value,
            channel,
            priority.value,
            status.value,
            subject,
            assignee,
            creator,
            created,
            updated,
            int(due.first_response.timestamp()),
            int(due.resolution.timestamp()),
            first_response,
            resolved,
            None,
            case_id,
            province,
            1,
        )
        previous = Status.NEW.value
        for kind, author, body, to, at in events:
            data = None
            if kind == "status" and to is not None:
                data, previous = json.dumps({"from": previous, "to": to}), to
            elif kind == "assign":
                data = json.dumps({"to": author})
            self.rows.add(Table.TICKET_EVENTS, ticket_id, kind, author, body, data, at, 1)
        if rng.random() < self.note_share:
            self.rows.add(
                Table.NOTES,
                applicant_id,
                creator,
                _NOTES[int(rng.random() * len(_NOTES))],
                updated,
                1,
            )

    def _status(self, created: int) -> Status:
        age = self.now - created
        options: tuple[tuple[Status, int], ...]
        if age < 2 * 3600:
            options = ((Status.NEW, 50), (Status.OPEN, 50))
        elif age < 3 * 86_400:
            options = (
                (Status.NEW, 10),
                (Status.OPEN, 35),
                (Status.PENDING_APPLICANT, 20),
                (Status.ESCALATED, 5),
                (Status.RESOLVED, 25),
                (Status.CLOSED, 5),
            )
        else:
            options = (
                (Status.OPEN, 10),
                (Status.PENDING_APPLICANT, 10),
                (Status.ESCALATED, 5),
                (Status.RESOLVED, 25),
                (Status.CLOSED, 50),
            )
        return Status(_pick(self.rng, options))

    def _priority(self, category: Category) -> Priority:
        if category in _URGENT_CATEGORIES:
            return Priority(
                _pick(self.rng, ((Priority.NORMAL, 50), (Priority.HIGH, 40), (Priority.URGENT, 10)))
            )
        return Priority(
            _pick(
                self.rng,
                (
                    (Priority.LOW, 15),
                    (Priority.NORMAL, 70),
                    (Priority.HIGH, 13),
                    (Priority.URGENT, 2),
                ),
            )
        )

    def _history(
        self, category: Category, status: Status, created: int, creator: str, assignee: str | None
    ) -> list[tuple[str, str, str | None, str | None, int]]:
        """The events that take a new ticket to ``status``: (kind, author, body, new status, at)."""
        if status is Status.NEW:
            return []
        at = self._after(created, self.lags.work)
        agent = assignee or creator
        events: list[tuple[str, str, str | None, str | None, int]] = [
            ("assign", agent, None, None, at),
            ("status", agent, None, Status.OPEN.value, at),
            ("reply", agent, _REPLIES[category], None, at),
        ]
        path = {
            Status.OPEN: (),
            Status.PENDING_APPLICANT: (Status.PENDING_APPLICANT,),
            Status.ESCALATED: (Status.ESCALATED,),
            Status.RESOLVED: (Status.RESOLVED,),
            Status.CLOSED: (Status.RESOLVED, Status.CLOSED),
        }[status]
        for step in path:
            at = self._after(at, self.lags.work)
            if step is Status.ESCALATED:
                events.append(("escalate", agent, _ESCALATION, None, at))
            events.append(("status", agent, None, step.value, at))
        return events
