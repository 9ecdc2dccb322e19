"""The one-page lookahead: same pages, same requests, failures after what came before."""

from __future__ import annotations

import threading

import pytest

from prakerja_console.sync.prefetch import paged


class Pages:
    """Pages 0..last, each saying where the next starts; records who fetched what."""

    def __init__(self, last: int, fail_at: int | None = None) -> None:
        self.last = last
        self.fail_at = fail_at
        self.fetched: list[int] = []
        self.threads: set[str] = set()

    def fetch(self, position: int) -> bytes:
        self.threads.add(threading.current_thread().name)
        self.fetched.append(position)
        if position == self.fail_at:
            raise ConnectionError(f"page {position}")
        return str(position).encode()

    def read(self, position: int, body: bytes) -> tuple[int, int | None]:
        assert int(body) == position
        return position, (position + 1 if position < self.last else None)


@pytest.mark.parametrize("ahead", [False, True])
def test_pages_come_in_order_with_the_same_requests(ahead: bool) -> None:
    pages = Pages(last=5)
    assert list(paged(0, pages.fetch, pages.read, ahead=ahead)) == [0, 1, 2, 3, 4, 5]
    assert pages.fetched == [0, 1, 2, 3, 4, 5]
    assert (threading.current_thread().name in pages.threads) is not ahead


@pytest.mark.parametrize("ahead", [False, True])
def test_a_failed_download_comes_after_the_pages_before_it(ahead: bool) -> None:
    pages = Pages(last=5, fail_at=3)
    seen = []
    with pytest.raises(ConnectionError, match="page 3"):
        seen.extend(paged(0, pages.fetch, pages.read, ahead=ahead))
    assert seen == [0, 1, 2]


def test_stopping_early_asks_at_most_the_one_page_ahead() -> None:
    pages = Pages(last=50)
    walk = paged(0, pages.fetch, pages.read, ahead=True)
    assert next(walk) == 0
    assert next(walk) == 1
    walk.close()  # the consumer failed writing page 1
    assert pages.fetched == [0, 1, 2]


def test_nothing_to_fetch() -> None:
    pages = Pages(last=0)
    assert list(paged(None, pages.fetch, pages.read, ahead=True)) == []
    assert pages.fetched == []
