"""Per-origin headers: a credential goes only to the exact origin it was configured for.

curl's rule, applied to every request and every redirect hop: a header given for an origin
(scheme, host, port) is sent to that origin only — not after a redirect to another host, not to
another port of the same host, and never after a downgrade from https to http. An origin is
written ``host``, ``host:port``, ``https://host[:port]`` or ``http://host[:port]``; without a
scheme it means https (credentials do not leave TLS unless the user writes ``http://``), without
a port the scheme's default port. IPv6 hosts go in brackets: ``[::1]:8443``.

On the command line a header is ``Name: value`` (every host) or ``ORIGIN=Name: value``; a
malformed origin or header name is a ``HeaderSpecError`` naming the text, never a header
named ``127.0.0.2:8002=Authorization`` sent everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from urllib.parse import urlsplit

from citewatch.lazy import lazy_pattern

DEFAULT_PORTS = {"http": 80, "https": 443}
_TOKEN = lazy_pattern(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
"""An HTTP header name (RFC 9110 token)."""
_HOST = lazy_pattern(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9\-_.]*[A-Za-z0-9])?)$")
_SPEC = lazy_pattern(r"^(?:(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*)://)?(?P<host>\[[^\]]*\]|[^:/]*)"
                     r"(?::(?P<port>[^/]*))?/?$")


def _ascii(host: str) -> str:
    """A host name as sent on the wire: lower case, IDNA (punycode) for non-ASCII names."""
    host = host.lower().rstrip(".")
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


class HeaderSpecError(ValueError):
    """A header or origin given by the user cannot be read; the message names it."""


@dataclass(frozen=True, order=True)
class Origin:
    """Where a credential may go: scheme, lower-case host, port (default port filled in)."""

    scheme: str
    host: str
    port: int

    def __str__(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"

    @classmethod
    def of_url(cls, url: str) -> Origin | None:
        """The origin a request to ``url`` goes to; None for a URL with no http(s) origin."""
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            return None
        scheme = parts.scheme.lower()
        if scheme not in DEFAULT_PORTS or not parts.hostname:
            return None
        host = _ascii(parts.hostname)
        if ":" in host:
            host = f"[{host}]"
        return cls(scheme, host, port if port is not None else DEFAULT_PORTS[scheme])


def parse_origin(spec: str) -> Origin:
    """``host``, ``host:port``, ``https://host[:port]`` or ``http://host[:port]`` → ``Origin``.

    Without a scheme: https; without a port: the scheme's default port.
    """
    text = spec.strip()
    m = _SPEC.match(text)
    if m is None or not text:
        raise HeaderSpecError(f"{spec!r} is not an origin (host, host:port or https://host:port)")
    scheme = (m.group("scheme") or "https").lower()
    if scheme not in DEFAULT_PORTS:
        raise HeaderSpecError(f"{spec!r}: scheme {scheme!r} is not http or https")
    host = _ascii(m.group("host"))
    if not host or not _HOST.match(host):
        raise HeaderSpecError(f"{spec!r}: {host!r} is not a host name or address")
    port_text = m.group("port")
    if port_text is None:
        return Origin(scheme, host, DEFAULT_PORTS[scheme])
    if not port_text.isascii() or not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise HeaderSpecError(f"{spec!r}: port {port_text!r} is not a number from 1 to 65535")
    return Origin(scheme, host, int(port_text))


def parse_header(text: str) -> tuple[str, str]:
    """``Name: value`` → ``(name, value)``; the name must be a header token."""
    name, colon, value = text.partition(":")
    name = name.strip()
    if not colon or not _TOKEN.match(name):
        raise HeaderSpecError(f"{text!r} is not a header 'Name: value'")
    value = value.strip()
    if "\r" in value or "\n" in value:
        raise HeaderSpecError(f"{text!r}: a header value cannot hold a line break")
    return name, value


@dataclass(frozen=True)
class HeaderArg:
    """One ``--header``: a header for every host (``origin`` None) or for one origin."""

    name: str
    value: str
    origin: Origin | None = None


def parse_header_arg(raw: str) -> HeaderArg:
    """``Name: value`` or ``ORIGIN=Name: value`` (see the module docstring).

    The text is per-origin when what precedes its first ``=`` has no space and what follows
    reads as a header; then the origin must parse, or the whole is refused: a mistyped port
    must not turn a secret into a header sent to every host. An error names ``raw`` whole.
    """
    try:
        return _header_arg(raw)
    except HeaderSpecError as exc:
        if repr(raw) in str(exc):
            raise
        raise HeaderSpecError(f"{raw!r}: {exc}") from exc


def _header_arg(raw: str) -> HeaderArg:
    before, eq, after = raw.partition("=")
    if eq and before.strip() and not any(c.isspace() for c in before.strip()):
        name, colon, _ = after.partition(":")
        if colon and _TOKEN.match(name.strip()):
            origin = parse_origin(before)
            header, value = parse_header(after)
            return HeaderArg(header, value, origin)
    name, value = parse_header(raw)
    return HeaderArg(name, value)


class HeaderScopes:
    """The per-origin headers of a run, looked up per request URL (every redirect hop)."""

    def __init__(self, host_headers: Mapping[str, Mapping[str, str]]) -> None:
        self._by_origin: dict[Origin, dict[str, str]] = {}
        for spec, headers in host_headers.items():
            origin = parse_origin(spec)
            merged = self._by_origin.setdefault(origin, {})
            for text_name, value in headers.items():
                name, checked = parse_header(f"{text_name}: {value}")
                merged[name] = checked

    def __bool__(self) -> bool:
        return bool(self._by_origin)

    def for_url(self, url: str) -> Mapping[str, str]:
        """The headers configured for exactly the origin of ``url`` (empty when none)."""
        if not self._by_origin:
            return _NONE
        origin = Origin.of_url(url)
        found = self._by_origin.get(origin) if origin is not None else None
        return MappingProxyType(found) if found else _NONE


_NONE: Mapping[str, str] = MappingProxyType({})
