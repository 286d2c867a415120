"""Where alerts go: the terminal, a JSONL file, a webhook, email.

A sink's ``send`` raises on failure; :func:`deliver` records each (alert, sink) outcome in
the outbox, so a sink that was down gets its alerts at the next round and the others do not
get them twice. Webhooks go through the same :class:`SafeClient` as feeds (address checks,
time and size limits); a webhook is sent an ``X-Crosswire-Alert`` header with the alert key
so a receiver can drop the duplicates a retried POST may cause.
"""
from __future__ import annotations

import json
import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Callable, Protocol

from .config import SinkConfig
from .fetch import FetchError, SafeClient
from .state import MonitorState


class Sink(Protocol):
    name: str

    def send(self, alert: dict[str, Any]) -> None: ...


@dataclass
class TerminalSink:
    echo: Callable[[str], None]
    name: str = "terminal"

    def send(self, alert: dict[str, Any]) -> None:
        self.echo(f"[{alert['kind']}] {alert['summary']}")


@dataclass
class JsonlSink:
    path: str
    name: str

    def send(self, alert: dict[str, Any]) -> None:
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a", encoding="utf-8") as out:
            out.write(json.dumps(alert, ensure_ascii=False, sort_keys=True) + "\n")
            out.flush()
            os.fsync(out.fileno())


@dataclass
class WebhookSink:
    url: str
    client: SafeClient
    name: str
    headers: dict[str, str]

    def send(self, alert: dict[str, Any]) -> None:
        body = json.dumps(alert, ensure_ascii=False, sort_keys=True).encode("utf-8")
        headers = {**self.headers, "Content-Type": "application/json", "X-Crosswire-Alert": alert["key"]}
        response = self.client.request("POST", self.url, headers, content=body, follow_redirects=False,
                                       max_bytes=100_000)
        if not 200 <= response.status < 300:
            raise FetchError(self.url, f"webhook answered HTTP {response.status}", status=response.status)


@dataclass
class EmailSink:
    host: str
    port: int
    sender: str
    recipients: list[str]
    name: str
    starttls: bool = False
    use_ssl: bool = False
    username: str | None = None
    password_env: str | None = None  # the password is read from this environment variable, never the config
    timeout: float = 20.0
    subject_prefix: str = "[crosswire]"

    def send(self, alert: dict[str, Any]) -> None:
        message = EmailMessage()
        message["Subject"] = f"{self.subject_prefix} {alert['kind']}: {alert['summary'][:150]}"
        message["From"] = self.sender
        message["To"] = ", ".join(self.recipients)
        message["X-Crosswire-Alert"] = alert["key"]
        message.set_content(f"{alert['summary']}\n\nEvidence:\n"
                            f"{json.dumps(alert['evidence'], ensure_ascii=False, indent=2, sort_keys=True)}\n")
        context = ssl.create_default_context()
        smtp_class = smtplib.SMTP_SSL if self.use_ssl else smtplib.SMTP
        kwargs: dict[str, Any] = {"context": context} if self.use_ssl else {}
        with smtp_class(self.host, self.port, timeout=self.timeout, **kwargs) as smtp:
            if self.starttls:
                smtp.starttls(context=context)
            if self.username:
                smtp.login(self.username, os.environ.get(self.password_env or "", ""))
            smtp.send_message(message)


def build_sinks(configs: list[SinkConfig], client: SafeClient, echo: Callable[[str], None]) -> list[Sink]:
    sinks: list[Sink] = []
    for c in configs:
        s = c.settings
        if c.type == "terminal":
            sinks.append(TerminalSink(echo, c.name))
        elif c.type == "jsonl":
            sinks.append(JsonlSink(s["path"], c.name))
        elif c.type == "webhook":
            sinks.append(WebhookSink(s["url"], client, c.name, {str(k): str(v) for k, v in s.get("headers", {}).items()}))
        elif c.type == "email":
            sinks.append(EmailSink(
                host=s["host"], port=int(s.get("port", 25)), sender=s["from"], recipients=list(s["to"]), name=c.name,
                starttls=bool(s.get("starttls", False)), use_ssl=bool(s.get("ssl", False)), username=s.get("username"),
                password_env=s.get("password_env"), timeout=float(s.get("timeout", 20.0)),
                subject_prefix=s.get("subject_prefix", "[crosswire]")))
    return sinks


def deliver(state: MonitorState, sinks: list[Sink]) -> tuple[int, list[str]]:
    """Send every queued alert to its sinks; return (deliveries made, one line per failure)."""
    by_name = {s.name: s for s in sinks}
    sent, failures = 0, []
    for key, sink_name, alert in state.undelivered(by_name):
        try:
            by_name[sink_name].send(alert)
        except (OSError, smtplib.SMTPException, FetchError) as exc:
            error = f"{type(exc).__name__}: {exc}"
            failures.append(f"alert {key} to {sink_name}: {error}")
        else:
            error = None
            sent += 1
        with state.store.transaction():
            state.delivery_done(key, sink_name, error)
    return sent, failures
