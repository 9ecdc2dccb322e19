"""The hot loop: one applicant per iteration, with their registry checks and wave entries.

Speed matters here (≥ 100,000 applicants/s is the budget), so the loop is one
function with everything bound to locals, draws from precomputed tables
(:mod:`.lookups`), keeps times as integers and calls out only for the few rows
that open a ticket or a case. Showcase applicants go through the same loop with
their hand-written values in place of the draws, so their rows obey the same
rules as everyone else's.

Consistency the loop keeps, row by row:

* stage times are ordered (registered ≤ e-mail verified ≤ NIK verified ≤ joined
  ≤ accepted ≤ training ≤ completed ≤ paid ≤ now); a wave is joined while open
  and decided at its announcement; a purchase falls within the revocation window;
* registry answers match the final state (a NIK-verified applicant has a
  Dukcapil ``match``, a rejected student a Dapodik ``student`` …);
* a "NIK already used" applicant holds the NIK of an earlier verified one, and a
  "KK limit" rejection shares a family card with two recipients of its wave or
  earlier ones (when no such family exists yet, another rejection reason is used).
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterator
from datetime import date
from random import Random
from typing import Any

from prakerja_console.central.generator.identity import NUMBER_SPACE, PERMUTATION_PRIME, Identities
from prakerja_console.central.generator.kinds import Kind, kind_of
from prakerja_console.central.generator.lookups import (
    LAG_BITS,
    LARGE_BITS,
    MISMATCH_SHIFTS,
    SMALL_BITS,
    Lookups,
)
from prakerja_console.central.generator.plan import Plan
from prakerja_console.central.generator.rows import Rows
from prakerja_console.central.generator.scenario import Scenario, ShowcaseApplicant
from prakerja_console.central.generator.support import CASE_KIND, TICKET_CATEGORY, SupportDesk
from prakerja_console.domain.funnel import Reason
from prakerja_console.domain.nik import NikInvalid, parse_nik
from prakerja_console.domain.tickets import Category
from prakerja_console.sync.protocol import Table

FAMILY_MEMORY = 4096  # recent family cards a relative may share
VERIFIED_MEMORY = 1024  # recent verified NIKs a "NIK already used" applicant may claim
_HASH_MULTIPLIER = 0x9E3779B97F4A7C15
_MASK64 = (1 << 64) - 1
_DTKS_PROGRAMMES = tuple(
    json.dumps({"programme": name}) for name in ("PKH", "BPNT", "BST", "PBI-JK")
)

# One row of the final-state stream: registered at, kind, wave index (or -1),
# earlier waves joined and not accepted in, and the showcase person (or None).
FinalState = tuple[int, int, int, tuple[int, ...], ShowcaseApplicant | None]


class ApplicantStream:
    """Writes every applicant of a plan into ``rows``, yielding after each full batch."""

    def __init__(
        self,
        scenario: Scenario,
        plan: Plan,
        identities: Identities,
        lookups: Lookups,
        rows: Rows,
        desk: SupportDesk,
        rng: Random,
    ) -> None:
        self.scenario = scenario
        self.plan = plan
        self.identities = identities
        self.lookups = lookups
        self.rows = rows
        self.desk = desk
        self.rng = rng
        self.wave_index = {wave.spec.number: i for i, wave in enumerate(plan.waves)}
        self.showcase_births = {
            person.problem: (person.birth_date or _nik_birth_date(person.nik, scenario)).isoformat()
            for person in scenario.showcase
            if person.nik is not None
        }

    def final_states(self) -> Iterator[FinalState]:
        """Showcase people first, then the exact plan drawn by sequential sampling."""
        opens = self.plan.curve.opens_at
        for person in self.scenario.showcase:
            showcase_kind = kind_of(person.stage, person.side_state)
            if showcase_kind is None:
                raise ValueError(f"showcase applicant {person.problem!r} has no final state")
            joined = tuple(self.wave_index[number] for number in person.waves)
            wave = joined[-1] if joined else -1
            yield opens, showcase_kind, wave, joined[:-1], person
        rnd = self.rng.random
        rejoin = self.scenario.mix.rejoin
        earlier = self._earlier_waves()
        join_limit = [wave.join_until(self.plan.now) + 1 for wave in self.plan.waves]
        can_rejoin = {Kind.PENDING, Kind.NOT_ACCEPTED, Kind.AWAITING, Kind.REVOKED}
        can_rejoin |= {Kind.TRAINING, Kind.COMPLETED, Kind.PAID}
        segments = iter(self.plan.segments)
        remaining = 0
        quotas: list[list[Any]] = []
        for start, seconds, count in self.plan.curve.steps():
            for j in range(count):
                registered = start + (j * seconds) // count  # as ArrivalCurve.times() spreads them
                if not remaining:
                    segment = next(segments)
                    remaining = segment.rows
                    quotas = [
                        [
                            q.count,
                            int(q.kind),
                            -1 if q.wave is None else q.wave,
                            q.wave is not None and q.kind in can_rejoin and bool(earlier[q.wave]),
                        ]
                        for q in segment.quotas
                    ]
                # Sequential sampling without replacement: exact counts, O(kinds) memory.
                pick = int(rnd() * remaining)
                remaining -= 1
                for quota in quotas:
                    if pick < quota[0]:
                        quota[0] -= 1
                        break
                    pick -= quota[0]
                wave = quota[2]
                before: tuple[int, ...] = ()
                if quota[3] and rnd() < rejoin:
                    for first in earlier[wave]:
                        if registered < join_limit[first]:
                            before = (first,)
                            break
                yield registered, quota[1], wave, before, None

    def _earlier_waves(self) -> list[tuple[int, ...]]:
        """Per wave: announced earlier waves whose results came before it closed, latest first."""
        waves = self.plan.waves
        result = []
        for wave in waves:
            limit = wave.join_until(self.plan.now) + 1
            result.append(
                tuple(
                    i
                    for i in sorted(
                        range(len(waves)), key=lambda i: waves[i].opens_at, reverse=True
                    )
                    if waves[i].status == "announced"
                    and waves[i].opens_at < wave.opens_at
                    and waves[i].announce_at < limit
                )
            )
        return result

    def run(self, batch_size: int) -> Iterator[None]:
        """Append all applicants and their checks and entries; yield after each full batch."""
        lk, ident, rows, desk = self.lookups, self.identities, self.rows, self.desk
        rnd, bits = self.rng.random, self.rng.getrandbits
        now = self.plan.now
        mix = self.scenario.mix
        male_first, female_first, male_last, female_last = (
            lk.male_first,
            lk.female_first,
            lk.male_last,
            lk.female_last,
        )
        region_table, region6, region_key = lk.region_table, lk.region6, lk.region_key
        province_of, regency_of = lk.province, lk.regency
        birth_iso, dm_m, dm_f, bk_m, bk_f = (
            lk.birth_iso,
            lk.birth_digits_male,
            lk.birth_digits_female,
            lk.birth_key_male,
            lk.birth_key_female,
        )
        adult_days, under_age = lk.adult_days, lk.under_age_days
        n_days = len(birth_iso)
        kk_dates = lk.kk_dates
        n_kk_dates = len(kk_dates)
        occupations, eligible_occ, excluded_occ = (
            lk.occupations,
            lk.eligible_occupations,
            lk.excluded_occupations,
        )
        priority_groups, domains, prefixes = lk.priority_groups, lk.email_domains, lk.phone_prefixes
        n_dom, n_pre = len(domains), len(prefixes)
        lags = lk.lags
        lag_email, lag_bounce, lag_profile, lag_registry, lag_join = (
            lags.email,
            lags.bounce,
            lags.profile,
            lags.registry,
            lags.join,
        )
        lag_training, lag_incentive, lag_failure = lags.training, lags.incentive, lags.failure
        reasons = lk.reasons
        reasons_registered, reasons_email = reasons[Kind.REGISTERED], reasons[Kind.EMAIL_VERIFIED]
        reasons_training, reasons_completed = reasons[Kind.TRAINING], reasons[Kind.COMPLETED]
        bitset, shift = ident.bitset, ident.shift
        email_mul, email_off = ident.email_multiplier, ident.email_offset
        phone_mul, phone_off = ident.phone_multiplier, ident.phone_offset
        reserved_emails, reserved_phones = ident.reserved_emails, ident.reserved_phones
        p_priority, p_family, p_recipient_family = (
            mix.priority_group,
            mix.family,
            mix.recipient_family,
        )
        p_dtks, p_student, p_tickets, p_cases = (
            mix.dtks_recipient,
            mix.student,
            mix.tickets,
            mix.verification_cases,
        )
        waves = self.plan.waves
        wave_id = [wave.id for wave in waves]
        opens = [wave.opens_at for wave in waves]
        closes = [wave.closes_at for wave in waves]
        announce = [wave.announce_at for wave in waves]
        join_limit = [wave.join_until(now) + 1 for wave in waves]
        is_open = [wave.status == "open" for wave in waves]
        revoke_at = [wave.revocation_deadline for wave in waves]
        reasons_not_accepted = [lk.wave_reasons[Kind.NOT_ACCEPTED, i] for i in range(len(waves))]
        reasons_rejected = [lk.wave_reasons[Kind.REJECTED, i] for i in range(len(waves))]
        reasons_rejected_alone = lk.rejected_without_family
        ticket_category, case_kind = TICKET_CATEGORY, CASE_KIND
        # Kinds as plain ints and reasons as locals: the loop branches on them.
        (
            registered_k, email_k, nik_k, pending_k, not_accepted_k, rejected_k,
            awaiting_k, revoked_k, training_k, completed_k, _,
        ) = (int(kind) for kind in Kind)  # fmt: skip
        r_pending = Reason.EMAIL_PENDING.value
        r_not_submitted, r_nik_pending = Reason.NIK_NOT_SUBMITTED.value, Reason.NIK_PENDING.value
        r_not_found, r_mismatch = Reason.NIK_NOT_FOUND.value, Reason.NIK_REGISTRY_MISMATCH.value
        r_kk_mismatch, r_used = Reason.NIK_KK_MISMATCH.value, Reason.NIK_ALREADY_USED.value
        r_student, r_under, r_excluded = (
            Reason.STUDENT.value,
            Reason.UNDER_AGE.value,
            Reason.EXCLUDED_OCCUPATION.value,
        )
        r_kk_limit = Reason.KK_LIMIT.value
        r_sa_excluded, r_sa_deprioritised = (
            Reason.SOCIAL_ASSISTANCE_EXCLUDED.value,
            Reason.SOCIAL_ASSISTANCE_DEPRIORITISED.value,
        )
        r_in_progress, r_completed = (
            Reason.TRAINING_IN_PROGRESS.value,
            Reason.TRAINING_COMPLETED.value,
        )
        r_joined, r_selection = Reason.JOINED_BATCH.value, Reason.SELECTION_PENDING.value
        r_not_joined, r_not_selected = Reason.NOT_JOINED.value, Reason.NOT_SELECTED.value
        r_accepted, r_accepted_priority = Reason.ACCEPTED.value, Reason.ACCEPTED_PRIORITY.value
        r_awaiting, r_revoked, r_paid = (
            Reason.AWAITING_FIRST_PURCHASE.value,
            Reason.REVOKED_NO_PURCHASE.value,
            Reason.INCENTIVE_PAID.value,
        )
        mismatch_detail = '{{"birth_date": "{}", "fields": ["birth_date"]}}'  # json.dumps' layout
        kk_mismatch_detail = json.dumps({"fields": ["kk_number"]})
        used_detail = json.dumps({"fields": ["nik"]})
        n_shifts, n_programmes = len(MISMATCH_SHIFTS), len(_DTKS_PROGRAMMES)
        stage_of = [kind.stage.value for kind in Kind]
        side_of = [None if kind.side_state is None else kind.side_state.value for kind in Kind]
        applicants = rows.pending[Table.APPLICANTS]
        add_applicant = applicants.append
        add_check = rows.pending[Table.REGISTRY_CHECKS].append
        add_entry = rows.pending[Table.WAVE_ENTRIES].append
        aid = rows.last_id[Table.APPLICANTS]
        cid = rows.last_id[Table.REGISTRY_CHECKS]
        eid = rows.last_id[Table.WAVE_ENTRIES]
        family_kk: list[str] = []  # a ring of recent non-recipient family cards and regions
        family_region: list[int] = []
        family_next = 0
        verified: list[tuple[str, str, str, int]] = []  # ring of (nik, birth date, sex, region)
        verified_next = 0
        # (kk, region, wave) of recipients whose family card no other recipient holds yet,
        # and of cards two recipients hold (where a "KK limit" rejection finds its family)
        lone_recipients: deque[tuple[str, int, int]] = deque(maxlen=FAMILY_MEMORY)
        full_families: deque[tuple[str, int, int]] = deque(maxlen=FAMILY_MEMORY)
        family: tuple[str, int, int] | None = None
        kk_serial = 0
        phone: str | None
        for t0, kind, w, before, person in self.final_states():
            aid += 1
            # -- who they are ---------------------------------------------------------
            if person is None:
                female = rnd() < 0.5
                if female:
                    first, first_slug = female_first[bits(SMALL_BITS)]
                    last, last_slug = female_last[bits(SMALL_BITS)]
                else:
                    first, first_slug = male_first[bits(SMALL_BITS)]
                    last, last_slug = male_last[bits(SMALL_BITS)]
                u = rnd()
                if u < 0.8:
                    name = f"{first} {last}"
                elif u < 0.9:
                    name, last_slug = first, ""
                else:
                    middle = (female_first if female else male_first)[bits(SMALL_BITS)][0]
                    name = f"{first} {middle} {last}"
                # The permutations of Identities.email_number and .phone_subscriber, inlined.
                number = (email_mul * aid + email_off) % PERMUTATION_PRIME
                while number >= NUMBER_SPACE:
                    number = (email_mul * number + email_off) % PERMUTATION_PRIME
                u = rnd()
                k = bits(SMALL_BITS)
                if not last_slug:
                    local = f"{first_slug}{number}"
                elif u < 0.5:
                    local = f"{first_slug}.{last_slug}{number}"
                elif u < 0.8:
                    local = f"{first_slug}{last_slug}{number}"
                else:
                    local = f"{first_slug}_{last_slug}{number}"
                email = local + domains[k]
                while email in reserved_emails:  # only a hand-written address can collide
                    k = (k + 1) % n_dom
                    email = local + domains[k]
                subscriber = (phone_mul * aid + phone_off) % PERMUTATION_PRIME
                while subscriber >= NUMBER_SPACE:
                    subscriber = (phone_mul * subscriber + phone_off) % PERMUTATION_PRIME
                k = bits(SMALL_BITS)
                phone = f"+628{prefixes[k]}{subscriber:08d}"
                while phone in reserved_phones:
                    k = (k + 1) % n_pre
                    phone = f"+628{prefixes[k]}{subscriber:08d}"
            else:
                name, email, phone = person.name, person.email, person.phone
                female = person.nik is not None and person.nik[6] >= "4"  # day + 40: a woman
            nik = kk = birth = sex = province = regency = occupation = group = None
            e_at = n_at = j_at = accepted_at = training_at = completed_at = paid_at = None
            wave_ref = None
            # -- registered only: no profile yet ---------------------------------------
            if kind == registered_k:
                reason = person.reason.value if person else reasons_registered[bits(SMALL_BITS)]
                if reason == r_pending:
                    state_at = t0
                else:
                    wait = lag_bounce[bits(LAG_BITS)]
                    state_at = t0 + (wait if wait < now - t0 else now - t0)
                add_applicant((
                    aid, name, None, None, None, None, email, phone, None, None, None, None,
                    "registered", None, reason, t0, None, None, None, None, None, None, None,
                    state_at, None, 1,
                ))  # fmt: skip
            else:
                # -- the reason, where it shapes the profile ----------------------------------
                if person is not None:
                    reason = person.reason.value
                elif kind == email_k:
                    reason = reasons_email[bits(SMALL_BITS)]
                    if reason == r_used and not verified:
                        reason = r_not_found
                elif kind == pending_k:
                    reason = r_joined if is_open[w] else r_selection
                elif kind == nik_k:
                    reason = r_not_joined
                elif kind == not_accepted_k:
                    reason = reasons_not_accepted[w][bits(SMALL_BITS)]
                elif kind == rejected_k:
                    reason = reasons_rejected[w][bits(SMALL_BITS)]
                    if reason == r_kk_limit:
                        family = next((f for f in full_families if f[2] <= w), None)
                        if family is None:  # no family with two recipients yet: another reason
                            reason = reasons_rejected_alone[w][bits(SMALL_BITS)]
                        else:
                            full_families.remove(family)
                elif kind == awaiting_k:
                    reason = r_awaiting
                elif kind == revoked_k:
                    reason = r_revoked
                elif kind == training_k:
                    reason = reasons_training[bits(SMALL_BITS)]
                elif kind == completed_k:
                    reason = reasons_completed[bits(SMALL_BITS)]
                else:
                    reason = r_paid
                # -- e-mail, profile and registry timing (all before ``limit``) --------------
                limit = join_limit[before[0] if before else w] if w >= 0 else now + 1
                wait, room = lag_email[bits(LAG_BITS)], (limit - t0) >> 2
                e_at = t0 + (wait if wait < room else room)
                if reason != r_not_submitted:
                    wait, room = lag_profile[bits(LAG_BITS)], (limit - e_at) // 3
                    p_at = e_at + (wait if wait < room else room)
                    wait, room = lag_registry[bits(LAG_BITS)], (limit - p_at) >> 1
                    checked = p_at + (wait if wait < room else room)
                    c_at = None if reason == r_nik_pending else checked
                    # -- the profile ----------------------------------------------------------
                    d = -1
                    if person is not None:
                        nik, kk = person.nik, person.kk_number
                        birth = self.showcase_births[person.problem]
                        sex = "F" if female else "M"
                        province, regency = (nik or "")[:2], (nik or "")[:4]
                        occupation, group = person.occupation, person.priority_group
                    elif reason == r_used:
                        nik, birth, sex, r = verified[int(rnd() * len(verified))]
                        kk = f"{region6[r]}{kk_dates[kk_serial % n_kk_dates]}{kk_serial // n_kk_dates + 1:04d}"
                        kk_serial += 1
                        province, regency = province_of[r], regency_of[r]
                        occupation = occupations[bits(SMALL_BITS)]
                    else:
                        recipient = kind >= awaiting_k and kind != revoked_k
                        r = -1
                        card = ""
                        if recipient:
                            if lone_recipients and rnd() < p_recipient_family:
                                card, r, joined_wave = lone_recipients.popleft()
                                full_families.append(
                                    (card, r, joined_wave if joined_wave > w else w)
                                )
                        elif reason == r_kk_limit and family is not None:
                            card, r = family[0], family[1]
                        elif family_kk and rnd() < p_family:
                            k = int(rnd() * len(family_kk))
                            card, r = family_kk[k], family_region[k]
                        if r < 0:
                            r = region_table[bits(LARGE_BITS)]
                            card = f"{region6[r]}{kk_dates[kk_serial % n_kk_dates]}{kk_serial // n_kk_dates + 1:04d}"
                            kk_serial += 1
                            if recipient:
                                lone_recipients.append((card, r, w))
                        if not recipient:
                            if len(family_kk) < FAMILY_MEMORY:
                                family_kk.append(card)
                                family_region.append(r)
                            else:
                                family_kk[family_next] = card
                                family_region[family_next] = r
                                family_next = (family_next + 1) % FAMILY_MEMORY
                        kk = card
                        if reason == r_under:
                            low, high = under_age[w]
                            d = low + int(rnd() * (high - low))
                        else:
                            d = adult_days[bits(LARGE_BITS)]
                        if female:
                            digits, key, sex = dm_f[d], region_key[r] + bk_f[d], "F"
                        else:
                            digits, key, sex = dm_m[d], region_key[r] + bk_m[d], "M"
                        u = rnd()
                        serial = 1 + int(u * u * u * 60)  # registry serials: mostly low
                        while True:  # the next free serial, as the registry allots them
                            h = (((key + serial) * _HASH_MULTIPLIER) & _MASK64) >> shift
                            bit = 1 << (h & 7)
                            if bitset[h >> 3] & bit:
                                serial += 1
                                continue
                            bitset[h >> 3] |= bit
                            break
                        nik = f"{region6[r]}{digits}{serial:04d}"
                        birth = birth_iso[d]
                        province, regency = province_of[r], regency_of[r]
                        if reason == r_excluded:
                            occupation = excluded_occ[bits(SMALL_BITS)]
                        elif kind <= pending_k:
                            occupation = occupations[bits(SMALL_BITS)]
                        else:
                            occupation = eligible_occ[bits(SMALL_BITS)]
                        if rnd() < p_priority:
                            group = priority_groups[bits(SMALL_BITS)]
                        if kind >= nik_k:
                            entry = (nik, birth, sex, r)
                            if len(verified) < VERIFIED_MEMORY:
                                verified.append(entry)
                            else:
                                verified[verified_next] = entry
                                verified_next = (verified_next + 1) % VERIFIED_MEMORY
                    # -- registry answers -----------------------------------------------------
                    detail = None
                    if kind == email_k:
                        state_at = p_at if c_at is None else c_at
                        if c_at is None:
                            dukcapil = dapodik = dtks = "pending"
                        else:
                            if reason == r_not_found:
                                dukcapil = "not_found"
                            elif reason == r_mismatch:
                                dukcapil = "mismatch"
                                if person is not None and person.registry_birth_date is not None:
                                    registry_birth = person.registry_birth_date.isoformat()
                                else:
                                    shifted = d + MISMATCH_SHIFTS[int(rnd() * n_shifts)]
                                    registry_birth = birth_iso[min(max(shifted, 0), n_days - 1)]
                                detail = mismatch_detail.format(registry_birth)
                            elif reason == r_kk_mismatch:
                                dukcapil, detail = "kk_mismatch", kk_mismatch_detail
                            elif reason == r_used:
                                dukcapil, detail = "already_used", used_detail
                            else:
                                dukcapil = "match"
                            dapodik = "student" if rnd() < p_student else "not_student"
                            dtks = "recipient" if rnd() < p_dtks else "not_recipient"
                    else:
                        n_at = checked
                        dukcapil = "match"
                        if kind <= pending_k:
                            dapodik = "student" if rnd() < p_student else "not_student"
                            dtks = "recipient" if rnd() < p_dtks else "not_recipient"
                        else:
                            dapodik = "student" if reason == r_student else "not_student"
                            dtks = (
                                "recipient"
                                if reason in (r_sa_excluded, r_sa_deprioritised)
                                else "not_recipient"
                            )
                    cid += 1
                    add_check((cid, aid, "dukcapil", dukcapil, detail, p_at, c_at, 1))
                    cid += 1
                    add_check((cid, aid, "dapodik", dapodik, None, p_at, c_at, 1))
                    cid += 1
                    programme = (
                        _DTKS_PROGRAMMES[int(rnd() * n_programmes)] if dtks == "recipient" else None
                    )
                    add_check((cid, aid, "dtks", dtks, programme, p_at, c_at, 1))
                else:
                    state_at = e_at
                # -- joining waves and what became of it ------------------------------------------
                if kind == nik_k:
                    state_at = checked
                elif w >= 0:
                    at = checked
                    for a in before:
                        j = at if at > opens[a] else opens[a]
                        wait, room = lag_join[bits(LAG_BITS)], join_limit[a] - 1 - j
                        j += wait if wait < room else room
                        eid += 1
                        add_entry(
                            (
                                eid,
                                aid,
                                wave_id[a],
                                j,
                                "not_accepted",
                                r_not_selected,
                                announce[a],
                                group,
                                1,
                            )
                        )
                        at = announce[a]
                    j = at if at > opens[w] else opens[w]
                    wait, room = lag_join[bits(LAG_BITS)], join_limit[w] - 1 - j
                    j_at = j + (wait if wait < room else room)
                    wave_ref = wave_id[w]
                    eid += 1
                    if kind == pending_k:
                        add_entry((eid, aid, wave_ref, j_at, "pending", reason, None, group, 1))
                        state_at = j_at if is_open[w] else closes[w]
                    elif kind in (not_accepted_k, rejected_k):
                        outcome = "not_accepted" if kind == not_accepted_k else "rejected"
                        add_entry(
                            (eid, aid, wave_ref, j_at, outcome, reason, announce[w], group, 1)
                        )
                        state_at = announce[w]
                    else:
                        accepted_at = announce[w]
                        add_entry(
                            (
                                eid,
                                aid,
                                wave_ref,
                                j_at,
                                "accepted",
                                r_accepted_priority if group else r_accepted,
                                accepted_at,
                                group,
                                1,
                            )
                        )
                        if kind == awaiting_k:
                            state_at = accepted_at
                        elif kind == revoked_k:
                            state_at = revoke_at[w]
                        else:
                            # The first purchase falls inside the revocation window, and by now.
                            u = rnd()
                            window = min(revoke_at[w] - 1, now) - accepted_at
                            training_at = accepted_at + int(u * u * window)
                            room = now - training_at
                            took = lag_training[bits(LAG_BITS)]
                            if kind == training_k:
                                state_at = (
                                    training_at
                                    if reason == r_in_progress
                                    else training_at + (took if took < room else room)
                                )
                            elif kind == completed_k:
                                completed_at = training_at + (took if took < room else room)
                                wait, room = lag_failure[bits(LAG_BITS)], now - completed_at
                                state_at = (
                                    completed_at
                                    if reason == r_completed
                                    else completed_at + (wait if wait < room else room)
                                )
                            else:
                                room >>= 1
                                completed_at = training_at + (took if took < room else room)
                                wait, room = lag_incentive[bits(LAG_BITS)], now - completed_at
                                paid_at = state_at = completed_at + (wait if wait < room else room)
                add_applicant((
                    aid, name, nik, kk, birth, sex, email, phone, province, regency, occupation,
                    group, stage_of[kind], side_of[kind], reason, t0, e_at, n_at, j_at, accepted_at,
                    training_at, completed_at, paid_at, state_at, wave_ref, 1,
                ))  # fmt: skip
            # -- tickets and verification cases: a few percent of rows --------------------------
            case_id = None
            if person is not None:
                if person.verification_case is not None:
                    case_id = desk.verification_case(
                        aid, reason, province, state_at, person.verification_case
                    )
                if person.ticket is not None:
                    desk.ticket(
                        aid,
                        Category(person.ticket.category),
                        province,
                        state_at,
                        case_id,
                        person.ticket,
                    )
            else:
                if reason in case_kind and rnd() < p_cases:
                    case_id = desk.verification_case(aid, reason, province, state_at)
                category = ticket_category.get(reason)
                if category is not None and rnd() < p_tickets:
                    desk.ticket(aid, category, province, state_at, case_id)
            if len(applicants) >= batch_size:
                rows.last_id[Table.APPLICANTS] = aid
                rows.last_id[Table.REGISTRY_CHECKS] = cid
                rows.last_id[Table.WAVE_ENTRIES] = eid
                yield
        rows.last_id[Table.APPLICANTS] = aid
        rows.last_id[Table.REGISTRY_CHECKS] = cid
        rows.last_id[Table.WAVE_ENTRIES] = eid


def _nik_birth_date(nik: str, scenario: Scenario) -> date:
    """The birth date a (validated) showcase NIK encodes."""
    parsed = parse_nik(nik, scenario.now.date())
    if isinstance(parsed, NikInvalid):
        raise ValueError(f"showcase NIK {nik} is invalid: {parsed.message.render()}")
    return parsed.birth_date
