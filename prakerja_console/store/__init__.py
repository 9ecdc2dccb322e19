"""The console's local mirror of the central's data: one SQLite file in WAL mode.

Where to look:

* :mod:`~prakerja_console.store.migrations` — ``prepare(path)`` creates or upgrades it;
* :mod:`~prakerja_console.store.connection` — ``connect(path, Purpose.READ | SYNC | OUTBOX)``;
* :mod:`~prakerja_console.store.snapshot` — first sync and re-snapshot (``SnapshotWriter``);
* :mod:`~prakerja_console.store.ingest` — incremental pull (``apply_page``, ``apply_changes``);
* :mod:`~prakerja_console.store.outbox` — local actions queued for the central;
* :mod:`~prakerja_console.store.effects` — their optimistic effects and the rebase;
* :mod:`~prakerja_console.store.queries` — what screens ask, as :mod:`.records`;
* :mod:`~prakerja_console.store.dashboard` — wave dashboards' counts, read from the
  summary tables that triggers keep (:mod:`.summary`);
* :mod:`~prakerja_console.store.state` — the device's sync bookkeeping.

It takes already-parsed wire data (:mod:`prakerja_console.sync.protocol`) and knows
no HTTP and no UI.
"""
