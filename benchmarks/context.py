"""What every benchmark module receives: the scale, and a cache for data built once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

CACHE_ROOT = Path(__file__).resolve().parent / ".cache"


@dataclass(frozen=True, slots=True)
class BenchContext:
    applicants: int
    quick: bool = False
    seed: int = 20200411
    cache_dir: Path = field(default=CACHE_ROOT)

    def cache_path(self, name: str) -> Path:
        """A file under the cache folder, keyed by scale (the caller adds a code version)."""
        folder = self.cache_dir / f"{self.applicants}"
        folder.mkdir(parents=True, exist_ok=True)
        return folder / name
