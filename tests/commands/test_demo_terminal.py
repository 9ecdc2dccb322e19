"""``prakerja-console demo`` in a real (pseudo) terminal, as a person starts it.

The command runs in a pty the test owns, with no usable keyring
(``PYTHON_KEYRING_BACKEND`` names keyring's "fail" backend, as on a headless
box). The test waits for the console's first screen, quits with ``q`` (after
leaving the search field, where ``q`` is a letter), with Ctrl+C while typing, or
is killed (SIGTERM, which must end it as Ctrl+C does), and checks the exit status,
that the central's port is closed, that the terminal was given back (alternate
screen left, cursor shown), that no traceback was printed, and that the temporary
folder is gone.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import socket
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

from prakerja_console.commands.demo import EXIT_INTERRUPTED
from tests.ui.conftest import SIZE

ROOT = Path(__file__).resolve().parents[2]
DEADLINE_SECONDS = 120.0
FIRST_SCREEN = b"bantuan"  # the footer's "? bantuan": the console has painted
QUIT_KEY_SHOWN = b"filter"  # the footer's "/ filter" comes back with "q keluar"
URL = re.compile(rb"http://127\.0\.0\.1:(\d+)")
LEAVE_ALTERNATE_SCREEN = b"\x1b[?1049l"
SHOW_CURSOR = b"\x1b[?25h"


class Terminal:
    """A child process on a pty; everything it writes is kept."""

    def __init__(self, arguments: list[str], env: dict[str, str]) -> None:
        self._master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
        self.child = subprocess.Popen(
            arguments, stdin=slave, stdout=slave, stderr=slave, cwd=ROOT, env=env, close_fds=True
        )
        os.close(slave)
        self.output = bytearray()
        self.closed = False

    def read_until(self, done: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + DEADLINE_SECONDS
        while not done():
            assert not self.closed, f"the terminal closed before: {what}\n{self.tail()}"
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"never happened: {what}\n{self.tail()}"
            ready, _, _ = select.select([self._master], [], [], min(remaining, 0.5))
            if ready:
                self._read()

    def _read(self) -> None:
        try:
            chunk = os.read(self._master, 65536)
        except OSError:  # the child closed the terminal
            chunk = b""
        if chunk:
            self.output += chunk
        else:
            self.closed = True

    def send(self, keys: bytes) -> None:
        os.write(self._master, keys)

    def finish(self) -> int:
        self.read_until(lambda: self.closed, "the demo ends")
        code = self.child.wait(timeout=DEADLINE_SECONDS)
        os.close(self._master)
        return code

    def kill(self) -> None:
        if self.child.poll() is None:
            self.child.kill()
            self.child.wait(timeout=DEADLINE_SECONDS)

    def tail(self) -> str:
        return bytes(self.output[-3000:]).decode("utf-8", "replace")


def start_demo(temporary: Path | None = None, *arguments: str) -> Terminal:
    """The demo on a pty; ``temporary`` becomes its TMPDIR (where its folder goes)."""
    command = Path(sys.executable).with_name("prakerja-console")
    assert command.exists(), "the package's console script is installed with pip install -e ."
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("PRAKERJA_") and key != "PYTHON_KEYRING_BACKEND"
    }
    env.update(
        TERM="xterm-256color",
        COLUMNS=str(SIZE[0]),
        LINES=str(SIZE[1]),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",  # a box with no keyring
        PRAKERJA_CONFIG=os.devnull,
    )
    if temporary is not None:
        env["TMPDIR"] = str(temporary)
    return Terminal([str(command), "demo", "--rate", "60", *arguments], env)


def port_is_closed(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except OSError:
        return True
    return False


def assert_ended_cleanly(terminal: Terminal, *, said: str = "Demo selesai") -> None:
    output = bytes(terminal.output)
    found = URL.search(output)
    assert found is not None, terminal.tail()
    assert port_is_closed(int(found[1]))
    after_console = output[output.rindex(LEAVE_ALTERNATE_SCREEN) :]
    assert SHOW_CURSOR in after_console
    assert said.encode() in after_console
    assert b"Traceback" not in output


def test_q_quits_the_demo_once_the_search_field_is_left() -> None:
    terminal = start_demo()
    try:
        terminal.read_until(lambda: FIRST_SCREEN in terminal.output, "the first screen")
        painted = len(terminal.output)
        terminal.send(b"\t")  # out of the search field, where q would be a letter
        terminal.read_until(
            lambda: QUIT_KEY_SHOWN in terminal.output[painted:], "the footer offers q"
        )
        terminal.send(b"q")
        code = terminal.finish()
    finally:
        terminal.kill()
    assert code == 0, terminal.tail()
    assert_ended_cleanly(terminal)


def test_ctrl_c_quits_the_demo_while_typing() -> None:
    terminal = start_demo()
    try:
        terminal.read_until(lambda: FIRST_SCREEN in terminal.output, "the first screen")
        terminal.send(b"3201")
        terminal.send(b"\x03")
        code = terminal.finish()
    finally:
        terminal.kill()
    assert code == 0, terminal.tail()
    assert_ended_cleanly(terminal)


def test_a_kill_stops_the_demo_like_ctrl_c_and_removes_its_folder(tmp_path: Path) -> None:
    terminal = start_demo(tmp_path)
    try:
        terminal.read_until(lambda: FIRST_SCREEN in terminal.output, "the first screen")
        assert [path.name[:14] for path in tmp_path.iterdir()] == ["prakerja-demo-"]
        terminal.child.send_signal(signal.SIGTERM)
        code = terminal.finish()
    finally:
        terminal.kill()
    assert code == EXIT_INTERRUPTED, terminal.tail()
    assert_ended_cleanly(terminal, said="Demo dihentikan")
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_while_the_central_is_being_prepared_stops_quietly(tmp_path: Path) -> None:
    terminal = start_demo(tmp_path, "--applicants", "30000")  # a few seconds of generating
    try:
        terminal.read_until(lambda: b"Menyalakan" in terminal.output, "the first line")
        terminal.child.send_signal(signal.SIGINT)  # what Ctrl+C at the terminal sends
        code = terminal.finish()
    finally:
        terminal.kill()
    assert code == EXIT_INTERRUPTED, terminal.tail()
    output = bytes(terminal.output)
    assert b"Demo dihentikan" in output
    assert b"Traceback" not in output
    assert list(tmp_path.iterdir()) == []
