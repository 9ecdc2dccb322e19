"""The reference central API: the server the console syncs with, for demo, training, tests, load.

A real FastAPI server over real HTTP with its own database (``tables``,
``database``), seeded from the data ``generator``; it serves the snapshot and the
compacted change feed (``snapshot``, ``feed``), applies mutations exactly once
(``mutations``), runs the traffic ``simulator`` and can inject ``faults``. Run it
with ``prakerja-console central serve`` or ``runner.CentralServer``. By the layer
rule it imports only ``domain`` and ``sync.protocol`` of the console.
"""
