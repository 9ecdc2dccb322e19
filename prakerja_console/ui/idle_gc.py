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
is process-wide and a pull (``sync.collector``) raises the young threshold while
the console runs, so each side owns one setting: this one owns the full
(generation 2) threshold only, and :meth:`IdleCollector.stop` puts it back only
if it still holds the value set here (someone else's later choice stands). It
also unfreezes, so a process that runs many consoles (the tests) frees each one.

The pacing relies on CPython 3.11–3.13's generational counts (``gc.get_count()[2]``
against the full threshold); 3.14's incremental collector changes what they mean.
"""

from __future__ import annotations

import gc

BACKSTOP = 100  # younger collections before a full one runs anyway (CPython's default: 10)
TICK_SECONDS = 1.0


def _replace_full_threshold(expected: int, value: int) -> bool:
    """Set the full threshold to ``value`` if it is still ``expected``; True if it did.

    The thresholds are re-read right before setting, so the young ones someone else
    set meanwhile are kept; no lock (it would be global state), the window left is
    between two C calls.
    """
    young, middle, full = gc.get_threshold()
    if full != expected:
        return False
    gc.set_threshold(young, middle, value)
    return True


class IdleCollector:
    """Owns the cyclic collector's full-collection pacing while one console runs."""

    def __init__(self) -> None:
        self._found: int | None = None  # the full threshold found at start
        self._set: int | None = None  # the one set here, while it is ours
        self._keys = 0

    def start(self) -> None:
        found = gc.get_threshold()[2]
        raised = max(found, BACKSTOP)
        if _replace_full_threshold(found, raised):
            self._found, self._set = found, raised

    def settled(self) -> None:
        """Start-up is done: what is alive now lives as long as the console.

        Start-up's garbage is collected first, or freezing would keep it until exit.
        """
        gc.collect()
        gc.freeze()

    def key_pressed(self) -> None:
        """Any input (a key, a mouse scroll) counts as someone at work."""
        self._keys += 1

    def tick(self) -> bool:
        """Collect fully if one is due and nobody typed since the last tick; True if it did."""
        due = self._found is not None and gc.get_count()[2] >= self._found
        typed, self._keys = self._keys, 0
        if due and not typed:
            gc.collect()
            return True
        return False

    def stop(self) -> None:
        gc.unfreeze()
        if self._found is not None and self._set is not None:
            _replace_full_threshold(self._set, self._found)
        self._found = self._set = None
