"""Fetch the next page while the previous one is being written.

Fetching (HTTP and JSON parsing) and writing (SQLite) take turns on one thread
otherwise; most of the fetch waits on the socket and SQLite releases the GIL
inside its C code, so running the fetches in a second thread overlaps the two.

The producer makes each request once: the first failure is handed to the consumer
after the pages before it, and the consumer (the engine) decides whether to wait
and resume from what it committed. Pages fetched ahead of a failure on the
consumer's side are simply dropped: nothing is committed until the consumer
writes it.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar, cast

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class _Item(Generic[T]):
    value: T | None = None
    error: Exception | None = None
    last: bool = False


def prefetched(
    source: Iterator[T], depth: int, *, name: str = "sync-prefetch"
) -> Generator[T, None, None]:
    """Yield ``source``'s items, produced up to ``depth`` ahead in a background thread.

    ``depth`` 0 iterates in the caller's thread (a deterministic replay wants the
    requests in exactly the order the writes need them). An exception of the
    source is raised to the consumer after the items before it.
    """
    if depth <= 0:
        yield from source
        return
    items: queue.Queue[_Item[T]] = queue.Queue(maxsize=depth)
    cancelled = threading.Event()

    def produce() -> None:
        try:
            for value in source:
                items.put(_Item(value))
                if cancelled.is_set():
                    return
            items.put(_Item(last=True))
        except Exception as error:  # handed to the consumer, which raises it  # noqa: BLE001
            items.put(_Item(error=error))
        finally:
            close = getattr(source, "close", None)
            if close is not None:
                close()  # a generator left mid-way releases what it holds here

    worker = threading.Thread(target=produce, name=name, daemon=True)
    worker.start()
    try:
        while True:
            item = items.get()
            if item.error is not None:
                raise item.error
            if item.last:
                return
            yield cast("T", item.value)
    finally:
        cancelled.set()
        while worker.is_alive():  # unblock a producer waiting for room, then let it end
            try:
                items.get(timeout=0.05)
            except queue.Empty:
                continue
        worker.join()
