"""Real servers on 127.0.0.1 (HTTP, SMTP) and a guard that no socket goes anywhere else."""
from __future__ import annotations

import ipaddress
import socket
from typing import Callable

import pytest
from monitor_servers import LocalServer, SmtpSink


@pytest.fixture
def server():
    s = LocalServer()
    yield s
    s.close()


@pytest.fixture
def smtp():
    s = SmtpSink()
    yield s
    s.close()


@pytest.fixture(autouse=True)
def connections(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """Every address a socket tries to reach; anything but loopback fails the test, unsent."""
    attempts: list[tuple] = []
    real_connect: Callable = socket.socket.connect

    def guarded(sock: socket.socket, address: tuple) -> None:
        attempts.append(address)
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not ipaddress.ip_address(address[0]).is_loopback:
            raise AssertionError(f"connection attempted to {address}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    return attempts
