"""Failed logins are limited per username and address, and per address (429 + Retry-After)."""

from __future__ import annotations

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from prakerja_console.central.login_limit import MAX_KEYS, LoginLimiter, LoginLimits
from prakerja_console.central.runner import CentralServer
from prakerja_console.sync.protocol import ErrorBody, ErrorCode
from tests.support.central import DEFAULT_DEVICE, ManualClock, demo_passwords

LIMITS = LoginLimits()  # what a central runs with unless told otherwise
ATTACKER = "127.0.0.2"  # a second loopback address (Linux routes all of 127/8 locally)


def _log_in(http: httpx.Client, username: str, password: str) -> httpx.Response:
    return http.post(
        "/auth/token",
        json={"username": username, "password": password, "device_id": DEFAULT_DEVICE},
    )


def _client_from(central: CentralServer, address: str) -> httpx.Client:
    """A client whose connections come from ``address``, as another machine's would."""
    return httpx.Client(
        base_url=f"{central.url}/v1",
        transport=httpx.HTTPTransport(local_address=address),
        timeout=30,
    )


def _code(response: httpx.Response) -> ErrorCode:
    return ErrorBody.model_validate_json(response.content).error.code


def test_guessing_one_password_is_stopped_then_allowed_after_the_cool_down(
    http: httpx.Client, clock: ManualClock
) -> None:
    for _ in range(LIMITS.per_username):
        assert _log_in(http, "siti.agent", "guess-123").status_code == 401
        clock.advance(10)
    refused = _log_in(http, "siti.agent", demo_passwords()["siti.agent"])
    assert refused.status_code == 429  # even the right password waits: nothing is learnt
    assert _code(refused) is ErrorCode.RATE_LIMITED
    wait = int(refused.headers["Retry-After"])
    assert wait == LIMITS.window - 10 * LIMITS.per_username  # until the first guess is old
    assert _log_in(http, "dewi.jabar", demo_passwords()["dewi.jabar"]).status_code == 200

    clock.advance(wait - 1)
    assert _log_in(http, "siti.agent", demo_passwords()["siti.agent"]).status_code == 429
    clock.advance(1)
    assert _log_in(http, "siti.agent", demo_passwords()["siti.agent"]).status_code == 200


def test_one_address_trying_many_usernames_is_stopped(
    http: httpx.Client, clock: ManualClock
) -> None:
    for number in range(LIMITS.per_address):
        assert _log_in(http, f"nobody.{number}", "whatever1").status_code == 401
    refused = _log_in(http, "dewi.jabar", demo_passwords()["dewi.jabar"])
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) == LIMITS.window
    clock.advance(LIMITS.window)
    assert _log_in(http, "dewi.jabar", demo_passwords()["dewi.jabar"]).status_code == 200


def test_an_agent_attacked_from_one_address_still_logs_in_from_another(
    http: httpx.Client, tiny: CentralServer
) -> None:
    with _client_from(tiny, ATTACKER) as attacker:
        for _ in range(LIMITS.per_username):
            assert _log_in(attacker, "siti.agent", "guess-123").status_code == 401
        assert _log_in(attacker, "siti.agent", demo_passwords()["siti.agent"]).status_code == 429
        assert _log_in(http, "siti.agent", demo_passwords()["siti.agent"]).status_code == 200
        for number in range(LIMITS.per_address - LIMITS.per_username):
            assert _log_in(attacker, f"nobody.{number}", "whatever1").status_code == 401
        refused = _log_in(attacker, "dewi.jabar", demo_passwords()["dewi.jabar"])
        assert refused.status_code == 429  # the attacking address, whatever the username
        assert _code(refused) is ErrorCode.RATE_LIMITED
    assert _log_in(http, "dewi.jabar", demo_passwords()["dewi.jabar"]).status_code == 200


def test_a_successful_login_forgets_its_username_failures_from_its_address() -> None:
    limiter = LoginLimiter(LoginLimits(per_username=2, per_address=3, window=60))
    limiter.failed("siti.agent", "10.0.0.1", now=0)
    limiter.succeeded("siti.agent", "10.0.0.1")
    limiter.failed("siti.agent", "10.0.0.1", now=1)
    assert limiter.wait("siti.agent", "10.0.0.1", now=2) == 0  # one failure since the success
    limiter.failed("Siti.Agent", "10.0.0.1", now=3)  # the same username, however written
    assert limiter.wait("siti.agent", "10.0.0.1", now=4) == 1 + 60 - 4
    assert limiter.wait("siti.agent", "10.0.0.2", now=4) == 0  # from elsewhere: not refused
    # The address keeps its count across a success: 10.0.0.2 failed twice, once more stops it.
    limiter.failed("budi", "10.0.0.2", now=5)
    limiter.failed("budi", "10.0.0.2", now=6)
    limiter.succeeded("budi", "10.0.0.2")
    limiter.failed("dewi", "10.0.0.2", now=7)
    assert limiter.wait("someone.else", "10.0.0.2", now=8) == 5 + 60 - 8


def test_expired_failures_are_forgotten() -> None:
    limiter = LoginLimiter(LoginLimits(per_username=1, per_address=100, window=60))
    for number in range(50):
        limiter.failed(f"user{number}", "10.0.0.1", now=number)
    assert limiter.wait("user49", "10.0.0.1", now=100) == 9
    assert limiter.wait("user10", "10.0.0.1", now=100) == 0


def test_a_spray_of_made_up_usernames_keeps_memory_bounded() -> None:
    limiter = LoginLimiter(LoginLimits())
    for number in range(2 * MAX_KEYS):  # all within one window: nothing expires
        limiter.failed(f"made.up.{number}", "10.0.0.1", now=1000 + number // 1000)
        assert len(limiter) <= MAX_KEYS
    assert len(limiter) == MAX_KEYS
    # The spraying address is the most recent key, so still counted and refused.
    assert limiter.wait("siti.agent", "10.0.0.1", now=1200) > 0
    assert limiter.wait("siti.agent", "10.0.0.2", now=1200) == 0


def test_keys_whose_failures_expired_are_dropped_as_failures_come_in() -> None:
    limiter = LoginLimiter(LoginLimits(per_username=5, per_address=20, window=60))
    for number in range(1000):
        limiter.failed(f"user{number}", f"10.0.{number // 256}.{number % 256}", now=number)
    # Only the last minute's usernames and addresses (keys failing at 940..999) remain.
    assert len(limiter) == 2 * 60


def test_an_ipv6_client_is_counted_by_its_64() -> None:
    limiter = LoginLimiter(LoginLimits(per_username=100, per_address=3, window=60))
    for host in range(3):  # one host stepping through its own /64
        limiter.failed(f"user{host}", f"2001:db8:0:1::{host + 1:x}", now=0)
    assert limiter.wait("dewi.jabar", "2001:db8:0:1:ffff::9", now=1) == 59
    assert limiter.wait("dewi.jabar", "2001:db8:0:2::1", now=1) == 0  # the next /64
    for host in range(3):  # IPv4: each address its own
        limiter.failed(f"user{host}", f"10.0.0.{host + 1}", now=0)
    assert limiter.wait("dewi.jabar", "10.0.0.4", now=1) == 0


def test_a_wait_is_never_longer_than_the_window_after_the_clock_steps_back() -> None:
    limits = LoginLimits(per_username=2, per_address=2, window=60)
    limiter = LoginLimiter(limits)
    limiter.failed("siti.agent", "10.0.0.1", now=10_000)
    limiter.failed("siti.agent", "10.0.0.1", now=10_001)
    assert limiter.wait("siti.agent", "10.0.0.1", now=10_000 - 3600) == limits.window


@pytest.mark.parametrize("bad", [{"per_username": 0}, {"per_address": 0}, {"window": 0}])
def test_limits_must_be_positive(bad: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="positive"):
        LoginLimits(**bad)


@given(st.integers(1, 10**6), st.integers(1, 10**6), st.integers(1, 10**6))
def test_limits_read_back_from_their_own_text(user: int, address: int, window: int) -> None:
    limits = LoginLimits(user, address, window)
    assert LoginLimits.parse(str(limits)) == limits


@given(st.text(max_size=40))
def test_any_text_parses_or_is_refused_with_the_expected_form(text: str) -> None:
    try:
        limits = LoginLimits.parse(text)
    except ValueError as error:
        message = str(error)
    else:
        message = ""
        assert LoginLimits.parse(str(limits)) == limits
    assert message == "" or "5/20/300" in message or "positive" in message
