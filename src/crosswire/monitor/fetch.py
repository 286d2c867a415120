"""A safe HTTP client for URLs that come from feeds, sitemaps and users.

A feed is written by someone else, so every URL in it is untrusted: it may point at the
machine's own services (``http://127.0.0.1:6379``), the cloud metadata endpoint
(``http://169.254.169.254``) or redirect there. So, for every hop: only http and https; the
host is resolved once and refused when any of its addresses is loopback, private,
link-local, multicast, reserved or unspecified (decimal/octal/hex IPv4 spellings are
normalised by ``getaddrinfo`` first, IPv4 inside IPv6 is unwrapped); the connection then
goes to that checked address (no second DNS lookup to rebind); redirects are followed
here, each hop checked the same way. Bodies are streamed and cut at ``max_bytes``; every
request has connect, read and total time limits. Proxies from the environment are ignored,
as a proxy would resolve the name itself.
"""
from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable
from urllib.parse import urljoin, urlsplit

import httpx

DEFAULT_USER_AGENT = "crosswire/0.1 (+https://github.com/crosswire/crosswire)"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 120.0  # seconds: a server asking for longer is retried at the next poll instead

Hook = Callable[[str], None]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class FetchError(Exception):
    """A URL that could not be fetched, with a one-line reason; ``retryable`` if worth trying later."""

    def __init__(self, url: str, reason: str, *, retryable: bool = False, status: int | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url, self.reason, self.retryable, self.status = url, reason, retryable, status


class BlockedURL(FetchError):
    """Refused before any connection: scheme, address or robots.txt."""


@dataclass
class FetchSettings:
    user_agent: str = DEFAULT_USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    retries: int = 2
    backoff: float = 1.0  # seconds before the first retry, doubled for each next one
    # True allows every address; else the networks allowed despite being non-public.
    allow_private: bool | tuple[IPNetwork, ...] = False


@dataclass
class Response:
    url: str  # as requested
    final_url: str  # after redirects
    status: int
    headers: httpx.Headers
    body: bytes
    redirects: list[str] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


def parse_networks(values: Iterable[str]) -> tuple[IPNetwork, ...]:
    """Networks from config strings ("127.0.0.0/8", "::1"); a ValueError names a bad one."""
    return tuple(ipaddress.ip_network(v.strip(), strict=False) for v in values)


def _unwrapped(ip: IPAddress) -> IPAddress:
    """The IPv4 address carried inside an IPv6 one (mapped, 6to4, Teredo), else ``ip``."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return ip.ipv4_mapped
        if ip.sixtofour:
            return ip.sixtofour
        if ip.teredo:
            return ip.teredo[1]
        if ip in ipaddress.IPv6Network("::/96") and int(ip) > 1:  # deprecated IPv4-compatible ::a.b.c.d
            return ipaddress.IPv4Address(int(ip))
    return ip


def is_public(ip: IPAddress) -> bool:
    ip = _unwrapped(ip)
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_link_local or ip.is_loopback
                                 or ip.is_private or ip.is_unspecified)


def address_allowed(ip: IPAddress, allow: bool | tuple[IPNetwork, ...]) -> bool:
    if allow is True or is_public(ip):
        return True
    return bool(allow) and any(candidate in net for candidate in {ip, _unwrapped(ip)} for net in allow
                               if candidate.version == net.version)


def resolve_checked(url: str, host: str, port: int, allow: bool | tuple[IPNetwork, ...]) -> str:
    """The address to connect to; refused when any address the name resolves to is not allowed.

    All must pass, not one: a name resolving to a public and a private address would
    otherwise let the attacker pick which one a later lookup uses.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(url, f"cannot resolve host {host!r}: {exc}", retryable=True) from exc
    addresses = [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]
    if not addresses:
        raise FetchError(url, f"host {host!r} has no address", retryable=True)
    for ip in addresses:
        if not address_allowed(ip, allow):
            raise BlockedURL(url, f"refused: {host} resolves to non-public address {ip} "
                                  "(allow it with allow_private_addresses)")
    return str(addresses[0])


def check_url(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an http(s) URL; BlockedURL for any other scheme or none."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise BlockedURL(url, f"malformed URL: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise BlockedURL(url, f"refused scheme {scheme or '(none)'!r}: only http and https")
    if not parts.hostname:
        raise BlockedURL(url, "URL has no host")
    if parts.username or parts.password:
        raise BlockedURL(url, "refused: credentials in URL")
    return scheme, parts.hostname, port or (443 if scheme == "https" else 80)


class SafeClient:
    """HTTP GET/POST with the checks above, redirects, retries with backoff, size and time limits.

    ``before_hop(url)`` runs before every request (each redirect hop and retry) and may raise;
    ``after_hop(url)`` runs when it is over, answered or not: the politeness layer uses them for
    robots.txt and for spacing requests to a host from the end of the previous one.
    """

    def __init__(self, settings: FetchSettings | None = None, *, sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings or FetchSettings()
        self.sleep = sleep
        # One connection pool per (scheme, host, port): a pool is keyed by the pinned address,
        # and a TLS connection verified for one name must not carry another name's requests.
        self._clients: dict[tuple[str, str, int], httpx.Client] = {}

    def close(self) -> None:
        for client in self._clients.values():
            client.close()
        self._clients.clear()

    def __enter__(self) -> "SafeClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, headers: dict[str, str] | None = None, *, before_hop: Hook | None = None,
            after_hop: Hook | None = None, max_bytes: int | None = None) -> Response:
        return self.request("GET", url, headers, before_hop=before_hop, after_hop=after_hop, max_bytes=max_bytes)

    def request(self, method: str, url: str, headers: dict[str, str] | None = None, *, content: bytes | None = None,
                before_hop: Hook | None = None, after_hop: Hook | None = None, max_bytes: int | None = None,
                follow_redirects: bool = True) -> Response:
        """One logical request: retried on timeouts, connection errors and 429/5xx answers."""
        attempt = 0
        hooks = (before_hop, after_hop)
        while True:
            try:
                return self._follow(method, url, headers or {}, content, hooks, max_bytes, follow_redirects)
            except FetchError as exc:
                if not exc.retryable or attempt >= self.settings.retries:
                    raise
                self.sleep(self._retry_delay(exc, attempt))
                attempt += 1

    def _retry_delay(self, exc: FetchError, attempt: int) -> float:
        delay = self.settings.backoff * 2 ** attempt
        retry_after = getattr(exc, "retry_after", None)
        return max(delay, min(retry_after, MAX_RETRY_AFTER)) if retry_after else delay

    def _follow(self, method: str, url: str, headers: dict[str, str], content: bytes | None,
                hooks: tuple[Hook | None, Hook | None], max_bytes: int | None, follow: bool) -> Response:
        before_hop, after_hop = hooks
        current, hops = url, []
        while True:
            if before_hop:
                before_hop(current)
            try:
                response = self._one_hop(method, current, headers, content, max_bytes)
            finally:
                if after_hop:
                    after_hop(current)
            location = response.headers.get("location")
            if not follow or response.status not in REDIRECT_STATUSES or not location:
                response.url, response.redirects = url, hops
                return response
            if len(hops) >= self.settings.max_redirects:
                raise FetchError(url, f"more than {self.settings.max_redirects} redirects")
            hops.append(current)
            current = urljoin(current, location.strip())
            if response.status == 303:
                method, content = "GET", None

    def _one_hop(self, method: str, url: str, headers: dict[str, str], content: bytes | None,
                 max_bytes: int | None) -> Response:
        settings = self.settings
        scheme, host, port = check_url(url)
        address = resolve_checked(url, host, port, settings.allow_private)
        pinned = httpx.URL(url).copy_with(host=address)
        default_port = 443 if scheme == "https" else 80
        host_header = host if ":" not in host else f"[{host}]"
        request_headers = {"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate",
                           **headers, "Host": host_header if port == default_port else f"{host_header}:{port}"}
        client = self._client(scheme, host, port)
        limit = max_bytes or settings.max_bytes
        deadline = time.monotonic() + settings.total_timeout
        try:
            with client.stream(method, pinned, headers=request_headers, content=content,
                               extensions={"sni_hostname": host}) as answer:
                body = bytearray()
                declared = answer.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise FetchError(url, f"response too large: {int(declared)} bytes declared, limit {limit}")
                for chunk in answer.iter_bytes():  # decoded: a gzip bomb is cut here too
                    body.extend(chunk)
                    if len(body) > limit:
                        raise FetchError(url, f"response too large: over the limit of {limit} bytes")
                    if time.monotonic() > deadline:
                        raise FetchError(url, f"response took over {settings.total_timeout:g} s", retryable=True)
        except httpx.TimeoutException as exc:
            raise FetchError(url, f"timed out ({type(exc).__name__})", retryable=True) from exc
        except httpx.HTTPError as exc:
            raise FetchError(url, f"{type(exc).__name__}: {exc}", retryable=True) from exc
        if answer.status_code in RETRY_STATUSES:
            error = FetchError(url, f"HTTP {answer.status_code}", retryable=True, status=answer.status_code)
            error.retry_after = _seconds(answer.headers.get("retry-after"))  # type: ignore[attr-defined]
            raise error
        return Response(url, url, answer.status_code, answer.headers, bytes(body))

    def _client(self, scheme: str, host: str, port: int) -> httpx.Client:
        key = (scheme, host, port)
        if key not in self._clients:
            s = self.settings
            timeout = httpx.Timeout(s.read_timeout, connect=s.connect_timeout)
            self._clients[key] = httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False)
        return self._clients[key]


def _seconds(value: str | None) -> float | None:
    """A Retry-After given in seconds (the HTTP-date form is rare and treated as absent)."""
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None
