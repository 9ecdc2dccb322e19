"""Python's full garbage collections, paced for a console someone is typing into.

A full (generation 2) collection stops the whole process. In the console it
scanned every object start-up left alive (Textual, SQLAlchemy's models, the
catalogues: ~200,000) and freed the cycles each repainted page leaves behind
(a data table drops its render caches, linked lists of rendered lines): 150–250 ms,
every few keystrokes on the ticket queue, twice the whole keystroke-to-paint
budget (DESIGN §5: 100 ms p95; ``benchmarks/bench_tickets.py``). So:

* once start-up is done, its objects are **frozen** (``gc.freeze``): full
  collections no longer scan them, which leaves 20–90 ms;
* full collections wait for a **pause**: the automatic one only comes after
  :data:`BACKSTOP` younger collections (memory stays bounded for someone who types
  without ever stopping), and :meth:`IdleCollector.tick`, called every second,
  runs one when it is due and no key came in since the previous tick.

Young collections stay automatic: they take a millisecond or two. The collector
is process-wide, so :meth:`IdleCollector.stop` restores the thresholds it found
and unfreezes, and a process that runs many consoles (the tests) frees each one.
"""

from __future__ import annotations

import gc

BACKSTOP = 100  # younger collections before a full one runs anyway (CPython's default: 10)
TICK_SECONDS = 1.0


class IdleCollector:
    """Owns the cyclic collector's pacing while one console runs."""

    def __init__(self) -> None:
        self._found: tuple[int, int, int] | None = None
        self._keys = 0

    def start(self) -> None:
        young, middle, full = gc.get_threshold()
        self._found = (young, middle, full)
        gc.set_threshold(young, middle, max(full, BACKSTOP))

    def settled(self) -> None:
        """Start-up is done: what is alive now lives as long as the console."""
        gc.freeze()

    def key_pressed(self) -> None:
        self._keys += 1

    def tick(self) -> bool:
        """Collect fully if one is due and nobody typed since the last tick; True if it did."""
        due = self._found is not None and gc.get_count()[2] >= self._found[2]
        typed, self._keys = self._keys, 0
        if due and not typed:
            gc.collect()
            return True
        return False

    def stop(self) -> None:
        gc.unfreeze()
        if self._found is not None:
            gc.set_threshold(*self._found)
            self._found = None
