"""Sync with the central: the wire contract, the HTTP client, the push-then-pull engine, auth.

Where to look:

* :mod:`~prakerja_console.sync.protocol` — the wire contract both sides import;
* :mod:`~prakerja_console.sync.client` — typed calls over an injected httpx
  transport, answers read strictly (:mod:`.decode`), failures typed (:mod:`.errors`);
* :mod:`~prakerja_console.sync.engine` — ``SyncEngine.sync_once`` / ``run``:
  :mod:`.push` the outbox, then :mod:`.pull` (change feed, or a snapshot),
  paced by :mod:`.backoff`, one page downloaded ahead (:mod:`.prefetch`);
  what it did and how it stands in :mod:`.report`;
* :mod:`~prakerja_console.sync.credentials` and :mod:`.tokens` — the session in
  the OS keyring (or ``PRAKERJA_TOKEN``), refreshed and saved back;
* :mod:`~prakerja_console.sync.account` — log in and out;
  :mod:`.wiring` — an engine for a mirror, production defaults replaceable;
  :mod:`.verify` — checksums of mirror and central compared.

The engine's clock, sleep, random source and HTTP transport are parameters, so a
seeded test replays a run exactly.
"""
