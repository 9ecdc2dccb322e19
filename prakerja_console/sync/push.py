"""Push: send the outbox in sequence order and record what the central answered.

Each batch goes with the device id and every action's idempotency key and
sequence number; the answers (``applied``, ``duplicate``, ``conflict``,
``rejected``) are recorded in one transaction (:func:`~prakerja_console.store.outbox.record_results`).
Conflicts and rejections are kept for a person and never hold back the actions
behind them. A batch whose answer was lost (a dropped connection after the
central applied it) is simply sent again: the central answers ``duplicate``
with what it did the first time. A mirror restored from a backup numbers new
actions again from where the backup stood; the central answers
``sequence_reused`` and the pending actions are renumbered after the central's
last number (their ids, the idempotency keys, stay).

Before recording, the answers are checked against what was sent: one per action,
same ids and sequence numbers, in order, and a device sequence the mirror has
actually reached. An answer that fails the check is a protocol error and
nothing of it is recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from prakerja_console.domain.text import N_, Message
from prakerja_console.store.outbox import (
    batch_from,
    pending_actors,
    pending_batch,
    record_results,
    renumber_pending,
)
from prakerja_console.store.state import device_state
from prakerja_console.sync import decode
from prakerja_console.sync.errors import (
    ForbiddenError,
    ProtocolError,
    SequenceGapError,
    SequenceReusedError,
)
from prakerja_console.sync.protocol import Mutation, MutationBatch, MutationResponse, MutationResult
from prakerja_console.sync.rounds import Round

_REQUEST = "POST /mutations"


def push(ctx: Round, device_id: str, username: str) -> None:
    """Send every pending action (see the module docstring)."""
    others = {
        actor: count for actor, count in pending_actors(ctx.conn).items() if actor != username
    }
    if others:
        raise ForbiddenError(
            Message(
                N_(
                    "Actions queued on this console by {actors} wait for them to log in here;"
                    " they are not sent under the name of {user}."
                ),
                {"actors": ", ".join(sorted(others)), "user": username},
            )
        )
    resend_from: int | None = None
    last_gap: int | None = None
    while True:
        ctx.check_stop()
        if resend_from is not None:
            batch = batch_from(ctx.conn, resend_from, ctx.settings.push_batch)
            resend_from = None
        else:
            batch = pending_batch(ctx.conn, ctx.settings.push_batch)
        if not batch:
            return
        request = MutationBatch(device_id=device_id, mutations=batch)
        try:
            response = ctx.retrier.call(partial(ctx.client.push, request))
        except SequenceReusedError as reused:
            _record(ctx, _checked_prefix(batch, reused.results))
            if reused.expected_seq == last_gap:
                raise _stuck(reused.expected_seq) from reused
            last_gap = reused.expected_seq
            renumber_pending(ctx.conn, reused.expected_seq)  # the mirror was restored
            continue
        except SequenceGapError as gap:
            _record(ctx, _checked_prefix(batch, gap.results))
            if gap.expected_seq == last_gap:
                raise _stuck(gap.expected_seq) from gap
            last_gap = gap.expected_seq
            head = pending_batch(ctx.conn, 1)
            if head and gap.expected_seq < head[0].seq:
                resend_from = gap.expected_seq  # the central lost actions it had answered
            continue
        _record(ctx, _checked(batch, response, device_state(ctx.conn).last_seq))
        if pending_batch(ctx.conn, 1)[:1] == batch[:1]:
            raise _stuck(batch[0].seq)


def _record(ctx: Round, results: Sequence[MutationResult]) -> None:
    if results:
        record_results(ctx.conn, results, now=ctx.now())
        ctx.tally.answered(results)


def _mismatch(problem: str) -> ProtocolError:
    return decode.protocol_error(_REQUEST, "results", problem)


def _checked_prefix(
    batch: Sequence[Mutation], results: Sequence[MutationResult]
) -> Sequence[MutationResult]:
    """Answers that must be for the first actions of ``batch``, in order."""
    if len(results) > len(batch):
        raise _mismatch(f"{len(results)} answers for {len(batch)} actions")
    for number, (mutation, result) in enumerate(zip(batch, results, strict=False)):
        if (result.id, result.seq) != (mutation.id, mutation.seq):
            raise _mismatch(f"answer {number} is for another action (seq {result.seq})")
    return results


def _checked(
    batch: Sequence[Mutation], response: MutationResponse, local_seq: int
) -> Sequence[MutationResult]:
    results = _checked_prefix(batch, response.results)
    if len(results) != len(batch):
        raise _mismatch(f"{len(results)} answers for {len(batch)} actions")
    if response.device_seq > local_seq:
        # The central has processed numbers this mirror never gave out: the mirror is
        # older than the device's history (restored from a backup, or copied to a
        # second machine). Its new actions would be taken for old ones; keep them.
        raise ProtocolError(
            Message(
                N_(
                    "The central has processed this device's actions up to number {central},"
                    " but this mirror has only numbered {local}: it looks restored from a backup"
                    " or copied from another machine. Queued actions are kept, not sent; ask an"
                    " administrator."
                ),
                {"central": str(response.device_seq), "local": str(local_seq)},
            )
        )
    if response.device_seq < batch[-1].seq:
        raise _mismatch(f"device_seq {response.device_seq} is behind the batch it answered")
    return results


def _stuck(seq: int) -> ProtocolError:
    return ProtocolError(
        Message(
            N_(
                "The central keeps answering without taking action number {seq}; pushing stops here."
            ),
            {"seq": str(seq)},
        )
    )
