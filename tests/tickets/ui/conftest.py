"""The UI tests of tickets reuse the console UI's fixtures (small mirror, fixed clock, 120×36)."""

from __future__ import annotations

from tests.services.conftest import fixed_clock, mirror_copy, small_mirror  # noqa: F401
from tests.ui.conftest import anyio_backend, make_app  # noqa: F401
