"""Download the next page while the previous one is being written.

Reading a page (JSON into Python values) and writing it (binding values into
SQLite) both hold the GIL, so running them in two threads only makes them take
turns. What does overlap is the wait for the next page: the central producing
it and the bytes crossing the network. So the caller reads page *n* (which tells
where page *n + 1* starts), asks for page *n + 1* in a background thread, and
writes page *n* meanwhile.

The requests are the same, in the same order, as without the lookahead: each is
issued at a fixed point of the loop, so a seeded replay stays a replay. A failed
download is raised to the caller when it asks for that page, after every page
before it was written; the caller resumes from what it committed.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

P = TypeVar("P")  # where a page starts
T = TypeVar("T")  # a page, read


def paged(
    start: P | None,
    fetch: Callable[[P], bytes],
    read: Callable[[P, bytes], tuple[T, P | None]],
    *,
    ahead: bool,
    name: str = "sync-lookahead",
) -> Generator[T, None, None]:
    """Pages from ``start`` on: ``fetch`` downloads one, ``read`` makes it a page and
    says where the next one starts (None: this was the last).

    With ``ahead``, the download of the next page runs while the caller handles the
    one just yielded.
    """
    position = start
    if not ahead:
        while position is not None:
            page, position = read(position, fetch(position))
            yield page
        return
    if position is None:
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix=name) as pool:
        pending = pool.submit(fetch, position)
        while True:
            page, following = read(position, pending.result())
            if following is not None:
                pending = pool.submit(fetch, following)
            yield page
            if following is None:
                return
            position = following
