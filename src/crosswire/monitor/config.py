"""The watch configuration: feeds, watchlists, alert sinks and fetch options, from TOML or YAML.

Configuration is data (see STYLE.md): one file a newsroom can keep in version control.
Unknown keys are errors, so a typo (``intervall``) is reported instead of silently ignored.

    [options]
    contact = "desk@example.org"     # goes into the User-Agent
    rate_limit = 2                   # seconds between two requests to one host
    story_outlets_threshold = 3

    [[feeds]]
    url = "https://example.org/rss"
    outlet = "Example Times"
    interval = "15m"

    [watch]
    people = ["Jane Roe"]
    organisations = ["Harbour Authority"]
    phrases = ["state of emergency"]

    [[sinks]]
    type = "jsonl"
    path = "alerts.jsonl"
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .fetch import DEFAULT_USER_AGENT, FetchSettings, IPNetwork, parse_networks

FEED_TYPES = ("auto", "feed", "sitemap", "page")
SINK_TYPES = ("terminal", "jsonl", "webhook", "email")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, None: 1}


class ConfigError(ValueError):
    """A configuration that cannot be used, with where the problem is."""


@dataclass
class FeedConfig:
    url: str
    outlet: str | None = None
    interval: float = 900.0
    type: str = "auto"


@dataclass
class Watchlist:
    people: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)


@dataclass
class SinkConfig:
    type: str
    name: str
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass
class Options:
    contact: str | None = None
    allow_private: bool | tuple[IPNetwork, ...] = False
    rate_limit: float = 1.0
    max_bytes: int = 10_000_000
    timeout: float = 20.0
    total_timeout: float = 60.0
    retries: int = 2
    backoff: float = 1.0
    max_redirects: int = 5
    respect_robots: bool = True
    story_outlets_threshold: int = 3
    max_items_per_poll: int = 50
    max_backoff: float = 6 * 3600.0

    def user_agent(self) -> str:
        return f"crosswire/0.1 (+{self.contact})" if self.contact else DEFAULT_USER_AGENT

    def fetch_settings(self) -> FetchSettings:
        return FetchSettings(
            user_agent=self.user_agent(), connect_timeout=min(self.timeout, 10.0), read_timeout=self.timeout,
            total_timeout=self.total_timeout, max_bytes=self.max_bytes, max_redirects=self.max_redirects,
            retries=self.retries, backoff=self.backoff, allow_private=self.allow_private)


@dataclass
class MonitorConfig:
    feeds: list[FeedConfig] = field(default_factory=list)
    watch: Watchlist = field(default_factory=Watchlist)
    sinks: list[SinkConfig] = field(default_factory=list)
    options: Options = field(default_factory=Options)


def parse_duration(value: Any, where: str) -> float:
    """Seconds from a number or "90s", "15m", "2h", "1d"."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0:
        return float(value)
    match = _DURATION.match(str(value)) if isinstance(value, str) else None
    if not match:
        raise ConfigError(f"{where}: not a duration: {value!r} (use seconds or e.g. '15m', '2h')")
    return float(match.group(1)) * _UNITS[match.group(2)]


def load_config(path: str | Path) -> MonitorConfig:
    """Read a ``.toml`` or ``.yaml``/``.yml`` file; relative sink paths are relative to it."""
    path = Path(path)
    text = path.read_text("utf-8")
    try:
        if path.suffix.lower() in (".yaml", ".yml"):
            import yaml

            data = yaml.safe_load(text) or {}
        else:
            data = tomllib.loads(text)
    except Exception as exc:  # the parsers' own errors say line and column
        raise ConfigError(f"{path}: {exc}") from exc
    return config_from_dict(data, base=path.parent)


def config_from_dict(data: Any, base: Path = Path(".")) -> MonitorConfig:
    top = _table(data, "config", {"feeds", "watch", "sinks", "options"})
    option_keys = (set(Options.__dataclass_fields__) - {"allow_private"}) | {"allow_private_addresses"}
    config = MonitorConfig(options=_options(_table(top.get("options", {}), "options", option_keys)))
    default_interval = 900.0
    for n, raw in enumerate(_list(top.get("feeds", []), "feeds")):
        where = f"feeds[{n}]"
        if isinstance(raw, str):
            raw = {"url": raw}
        feed = _table(raw, where, {"url", "outlet", "interval", "type"})
        url = feed.get("url")
        if not isinstance(url, str) or not url.lower().startswith(("http://", "https://")):
            raise ConfigError(f"{where}.url: an http(s) URL is required, got {url!r}")
        kind = feed.get("type", "auto")
        if kind not in FEED_TYPES:
            raise ConfigError(f"{where}.type: one of {', '.join(FEED_TYPES)}, got {kind!r}")
        interval = parse_duration(feed.get("interval", default_interval), f"{where}.interval")
        config.feeds.append(FeedConfig(url=url, outlet=_optional_str(feed, "outlet", where), interval=interval, type=kind))
    watch = _table(top.get("watch", {}), "watch", {"people", "organisations", "organizations", "phrases"})
    config.watch = Watchlist(
        people=_strings(watch.get("people", []), "watch.people"),
        organisations=_strings(watch.get("organisations", watch.get("organizations", [])), "watch.organisations"),
        phrases=_strings(watch.get("phrases", []), "watch.phrases"),
    )
    names: set[str] = set()
    for n, raw in enumerate(_list(top.get("sinks", []), "sinks")):
        sink = _sink(raw, f"sinks[{n}]", base)
        if sink.name in names:
            raise ConfigError(f"sinks[{n}]: a second sink named {sink.name!r}; give one a distinct 'name'")
        names.add(sink.name)
        config.sinks.append(sink)
    return config


_SINK_KEYS = {
    "terminal": set(),
    "jsonl": {"path"},
    "webhook": {"url", "headers", "timeout", "retries"},
    "email": {"host", "port", "from", "to", "starttls", "ssl", "username", "password_env", "timeout", "subject_prefix"},
}
_SINK_REQUIRED = {"jsonl": ("path",), "webhook": ("url",), "email": ("host", "from", "to")}


def _sink(raw: Any, where: str, base: Path) -> SinkConfig:
    if isinstance(raw, str):
        raw = {"type": raw}
    kind = raw.get("type") if isinstance(raw, dict) else None
    if kind not in SINK_TYPES:
        raise ConfigError(f"{where}.type: one of {', '.join(SINK_TYPES)}, got {kind!r}")
    table = _table(raw, where, {"type", "name"} | _SINK_KEYS[kind])
    for key in _SINK_REQUIRED.get(kind, ()):
        if not table.get(key):
            raise ConfigError(f"{where}: a {kind} sink needs '{key}'")
    settings = {k: v for k, v in table.items() if k not in ("type", "name")}
    if kind == "jsonl":
        settings["path"] = str((base / str(settings["path"])).resolve())
    if kind == "email" and isinstance(settings["to"], str):
        settings["to"] = [settings["to"]]
    default_name = {"terminal": "terminal", "jsonl": f"jsonl:{settings.get('path')}",
                    "webhook": f"webhook:{settings.get('url')}", "email": f"email:{','.join(settings.get('to', []))}"}[kind]
    return SinkConfig(type=kind, name=str(table.get("name") or default_name), settings=settings)


def _options(table: dict[str, Any]) -> Options:
    options = Options()
    allow = table.pop("allow_private_addresses", False)
    if isinstance(allow, bool):
        options.allow_private = allow
    else:
        try:
            options.allow_private = parse_networks(_strings(allow, "options.allow_private_addresses"))
        except ValueError as exc:
            raise ConfigError(f"options.allow_private_addresses: {exc}") from exc
    for key, value in table.items():
        current = getattr(options, key)
        where = f"options.{key}"
        if isinstance(current, bool):
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: true or false, got {value!r}")
        elif key in ("rate_limit", "timeout", "total_timeout", "backoff", "max_backoff"):
            value = parse_duration(value, where)
        elif isinstance(current, int):
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ConfigError(f"{where}: a whole number >= 0, got {value!r}")
        elif value is not None and not isinstance(value, str):
            raise ConfigError(f"{where}: text, got {value!r}")
        setattr(options, key, value)
    if options.story_outlets_threshold < 2:
        raise ConfigError("options.story_outlets_threshold: at least 2")
    return options


def _table(value: Any, where: str, allowed: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected a table/mapping, got {type(value).__name__}")
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(map(repr, unknown))}; known: {', '.join(sorted(allowed))}")
    return dict(value)


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise ConfigError(f"{where}: expected a list, got {type(value).__name__}")
    return value


def _strings(value: Any, where: str) -> list[str]:
    items = _list(value, where)
    if not all(isinstance(v, str) and v.strip() for v in items):
        raise ConfigError(f"{where}: expected a list of non-empty strings")
    return [v.strip() for v in items]


def _optional_str(table: dict[str, Any], key: str, where: str) -> str | None:
    value = table.get(key)
    if value is not None and not isinstance(value, str):
        raise ConfigError(f"{where}.{key}: text, got {value!r}")
    return value
