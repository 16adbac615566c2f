"""One frozen :class:`Settings`, merged one way: code defaults → ``[tool.citewatch]`` in
``pyproject.toml`` → ``citewatch.toml`` → ``CITEWATCH_*`` environment → CLI flags.

Both files are looked for in the working directory; when both exist both are read and
``citewatch.toml`` wins key by key. In ``pyproject.toml`` the settings sit under
``[tool.citewatch]``; in ``citewatch.toml`` at the top level. Every layer uses the same
flat key names (environment: upper case with a ``CITEWATCH_`` prefix; flags: a dict of
the same names, given as the flag each entry of :data:`SETTINGS` declares — the CLI's
options are generated from that table by :mod:`citewatch.cli.flags`)::

    refs_dir = "refs"            reports_dir = "reports"     db = ".citewatch/history.sqlite3"
    max_age = "1d"               # or seconds; "0" never reuses a stored result
    broken_runs = 3              broken_days = 3             strict = false
    timeout = 30                 # alias of request_timeout; also connect_timeout, read_timeout
    concurrency = 128            # alias of max_concurrency
    per_host = 2                 # alias of per_host_concurrency
    min_interval = 0.5           # alias of min_host_interval (seconds between requests to a host)
    user_agent = "…"             include = ["regex", …]      exclude = ["regex", …]
    accept_status = [403]        no_private = false          ca_bundle = "ca.pem"
    connect_to = ["www.example.org:443:127.0.0.2:8443"]      # curl's --connect-to
    resolve = ["www.example.org:443:127.0.0.2"]             # curl's --resolve
    wayback_url = "https://web.archive.org"    memento_url = "…"
    cdx_rate = 1.0               replay_rate = 1.0           # requests per second

    [tool.citewatch.headers]     # strings: sent to every host
    "X-Requested-By" = "citewatch"
    [tool.citewatch.headers."example.org"]                  # tables: sent to that origin only
    Authorization = "Bearer …"   # (https://example.org:443; "http://host:8080" for plain http)

Unknown keys and wrong types in a file raise :class:`ConfigError` naming the file and the
key; bad values in the environment name the variable, on the command line the option.
Every value is checked where it enters, so the core never sees NaN, an infinity, a
duration ``timedelta`` cannot hold, a control character in a header or a path, or a
number outside the range given in ``SETTINGS`` (a run that would hang or overflow). Unknown ``CITEWATCH_*`` variables
are ignored (other tools and tests may set their own). ``NO_COLOR`` is honoured by the
CLI, not here: it is about drawing, not about checking.

The check knobs are kept in :class:`CheckSettings`, whose field names match
``citewatch.check.options.CheckOptions``; :func:`to_check_options` builds the checker's
value from them. A knob left ``None`` keeps the checker's own default, so the defaults
live in one place.
"""

from __future__ import annotations

import difflib
import math
import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import timedelta
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from citewatch.check.headers import HeaderSpecError, parse_header, parse_origin
from citewatch.check.policy import DEFAULT_POLICY, BrokenPolicy
from citewatch.errors import ConfigError
from citewatch.http.routes import ConnectTo, Resolve, Routes, parse_connect_to, parse_resolve
from citewatch.lazy import lazy_pattern
from citewatch.state import DEFAULT_DB_PATH

if TYPE_CHECKING:
    from citewatch.archive.model import ArchiveOptions
    from citewatch.check.options import CheckOptions

ENV_PREFIX = "CITEWATCH_"
CONFIG_FILE = "citewatch.toml"
PYPROJECT_FILE = "pyproject.toml"
DEFAULT_MAX_AGE = timedelta(days=1)
"""A result younger than this is reused without a request (errors and timeouts never are)."""

_NO_HEADERS: Mapping[str, str] = MappingProxyType({})
_NO_HOST_HEADERS: Mapping[str, Mapping[str, str]] = MappingProxyType({})


@dataclass(frozen=True)
class CheckSettings:
    """Knobs of the link checker as configured. ``None``: the checker's default."""

    connect_timeout: float | None = None
    read_timeout: float | None = None
    request_timeout: float | None = None
    """Seconds for one whole request (config key ``timeout``)."""
    deadline: float | None = None
    """Seconds the whole run may take."""
    max_concurrency: int | None = None
    """Requests in flight at once (config key ``concurrency``)."""
    per_host_concurrency: int | None = None
    """Requests in flight to one host (config key ``per_host``)."""
    min_host_interval: float | None = None
    """Seconds between two requests to one host (config key ``min_interval``)."""
    user_agent: str | None = None
    accept_language: str | None = None
    max_redirects: int | None = None
    max_retries: int | None = None
    workers: int | None = None
    """Processes checking at once (0: two for large runs on two or more CPUs, 1: one)."""
    include: tuple[str, ...] | None = None
    """Regexes: only matching URLs are checked."""
    exclude: tuple[str, ...] | None = None
    """Regexes: matching URLs are not checked."""
    accept_status: frozenset[int] | None = None
    """Extra HTTP status codes that count as alive."""
    no_private: bool | None = None
    """Refuse hosts on private, loopback or link-local addresses."""
    soft404: bool | None = None
    http2: bool | None = None
    verify_tls: bool | None = None
    ca_bundle: str | None = None
    connect_to: tuple[ConnectTo, ...] | None = None
    """curl's ``--connect-to HOST1:PORT1:HOST2:PORT2`` entries (also used by the archive)."""
    resolve: tuple[Resolve, ...] | None = None
    """curl's ``--resolve HOST:PORT:ADDR`` entries (also used by the archive)."""
    headers: Mapping[str, str] = field(default_factory=lambda: _NO_HEADERS)
    """Headers sent to every host."""
    host_headers: Mapping[str, Mapping[str, str]] = field(default_factory=lambda: _NO_HOST_HEADERS)
    """Headers sent only to one host name."""


@dataclass(frozen=True)
class ArchiveSettings:
    """Knobs of the archive stage as configured (names of ``archive.model.ArchiveOptions``).
    ``None``: the archive stage's default."""

    wayback_url: str | None = None
    """Base URL of the Wayback Machine (a local mirror in tests)."""
    memento_url: str | None = None
    """Memento aggregator asked when the Wayback has nothing."""
    cdx_rate: float | None = None
    """Index requests per second at most (the Internet Archive asks for restraint)."""
    replay_rate: float | None = None
    """Replay requests per second at most."""


@dataclass(frozen=True)
class Settings:
    """Everything the core needs to know, merged from all sources."""

    refs_dir: Path = Path("refs")
    """Where the BibTeX store (``refs/*.bib``) lives."""
    reports_dir: Path = Path("reports")
    db_path: Path = DEFAULT_DB_PATH
    """The history database (``--db``)."""
    max_age: timedelta = DEFAULT_MAX_AGE
    policy: BrokenPolicy = DEFAULT_POLICY
    check: CheckSettings = field(default_factory=CheckSettings)
    archive: ArchiveSettings = field(default_factory=ArchiveSettings)
    sources: tuple[str, ...] = ()
    """The files and layers read, in order (for ``--show-config`` and error messages)."""


# -- value parsing ---------------------------------------------------------------------------

_DURATION = lazy_pattern(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$", re.IGNORECASE)
_UNIT = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


MAX_DURATION = timedelta(days=36525)
"""A hundred years: the longest duration a setting may give (``timedelta`` overflows
not far above, and nothing citewatch waits for is older)."""


def parse_duration(value: object) -> timedelta:
    """``90``, ``"90s"``, ``"30m"``, ``"12h"``, ``"7d"``, ``"2w"`` → timedelta, 0 to
    :data:`MAX_DURATION`."""
    seconds: float | None = None
    if isinstance(value, timedelta):
        seconds = value.total_seconds()
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = float(value)
    elif isinstance(value, str):
        m = _DURATION.match(value)
        if m:
            seconds = float(m.group(1)) * _UNIT[m.group(2).lower()]
    if seconds is None:
        raise ValueError(f"expected a duration like 90, '30m', '12h' or '7d', got {value!r}")
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"must be a duration of 0 or more, got {value!r}")
    if seconds > MAX_DURATION.total_seconds():
        raise ValueError(f"must be at most {MAX_DURATION.days} days, got {value!r}")
    return timedelta(seconds=seconds)


def _bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        v = value.strip().lower()
        if v in ("1", "true", "yes", "on"):
            return True
        if v in ("0", "false", "no", "off", ""):
            return False
    raise ValueError(f"expected true or false, got {value!r}")


def _shown(value: object) -> str:
    """A value for an error message, cut short (a setting may be any length)."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _int(minimum: int, maximum: int) -> Callable[[object], int]:
    def parse(value: object) -> int:
        if isinstance(value, str) and re.fullmatch(r"\s*-?[0-9]{1,30}\s*", value):
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"expected a whole number, got {_shown(value)}")
        if not minimum <= value <= maximum:
            raise ValueError(f"must be from {minimum} to {maximum}, got {_shown(value)}")
        return value

    return parse


def _float(
    minimum: float, maximum: float, *, exclusive: bool = False
) -> Callable[[object], float]:
    def parse(value: object) -> float:
        if isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                pass
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise TypeError(f"expected a number, got {_shown(value)}")
        number = float(value)
        if (
            not math.isfinite(number)
            or not minimum <= number <= maximum
            or (exclusive and number == minimum)
        ):
            low = f"above {minimum:g} and at most" if exclusive else f"from {minimum:g} to"
            raise ValueError(f"must be a number {low} {maximum:g}, got {_shown(value)}")
        return number

    return parse


def _clean_text(value: str, what: str) -> str:
    """Refuse control characters: a value that ends up in a header or a file name must not
    be able to start a new header line or cut a path short."""
    bad = next((c for c in value if ord(c) < 32 or ord(c) == 127), None)
    if bad is not None:
        raise ValueError(f"{what} must not contain control characters, got {_shown(value)}")
    return value


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {_shown(value)}")
    return _clean_text(value, "the text")


def _http_url(value: object) -> str:
    text = _str(value).strip()
    if not re.fullmatch(r"https?://[^\s/?#]+(/\S*)?", text, flags=re.IGNORECASE):
        raise ValueError(f"expected an http:// or https:// URL, got {_shown(value)}")
    return text


def _path(value: object) -> Path:
    if isinstance(value, Path):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected a path, got {_shown(value)}")
    return Path(_clean_text(value, "a path"))


def _str_list(value: object) -> tuple[str, ...]:
    if isinstance(value, str):  # environment: comma-separated
        value = [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        for pattern in value:
            try:
                re.compile(pattern)
            except (re.error, OverflowError, RecursionError) as exc:
                raise ValueError(f"bad regular expression {_shown(pattern)}: {exc}") from exc
        return tuple(value)
    raise ValueError(f"expected a list of strings, got {_shown(value)}")


def _status_set(value: object) -> frozenset[int]:
    items: object = value
    if isinstance(value, str):
        items = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(items, (list, tuple, set, frozenset)):
        raise TypeError(f"expected a list of HTTP status codes, got {_shown(value)}")
    parse = _int(100, 999)
    return frozenset(parse(v) for v in items)


def _entries(parse: Callable[[str], Any], form: str) -> Callable[[object], tuple[Any, ...]]:
    """A list of route entries (environment: separated by spaces), each checked by ``parse``."""

    def parse_all(value: object) -> tuple[Any, ...]:
        if isinstance(value, str):
            value = value.split()
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"expected a list of {form} strings, got {_shown(value)}")
        return tuple(parse(v) for v in value)

    return parse_all


class Command(StrEnum):
    """The commands that take settings as flags."""

    EXTRACT = "extract"
    CHECK = "check"
    AUDIT = "audit"
    ARCHIVE = "archive"
    BIB = "bib"


_EVERY = frozenset(Command)
_RUNS = frozenset({Command.CHECK, Command.AUDIT})
"""Commands that check links (and so look up archived copies with ``--archive``)."""
_NETWORK = _RUNS | {Command.ARCHIVE}
"""Commands that send requests: ``archive`` checks repair candidates with the checker."""


@dataclass(frozen=True)
class Setting:
    """One setting, declared once: the config key, where the value goes, its check, the
    TOML types a file may use, and the flag (help text, commands) the CLI is built from."""

    name: str
    """The flat key: config files, ``CITEWATCH_<NAME>``, the overrides of :func:`load_settings`."""
    section: str
    """"" (Settings), "check", "archive" or "policy"."""
    field: str
    parse: Callable[[object], Any]
    """The one validator: every layer's value goes through it (the CLI passes text)."""
    toml: tuple[type, ...]
    """The TOML value types a config file may use (the environment is all text); ``bool``
    alone makes an on/off flag, ``list`` a repeatable one."""
    help: str
    commands: frozenset[Command] = frozenset()
    """The commands taking it as a flag."""
    flag: str = ""
    """The flag when it is not ``--<name>`` (dashes for underscores)."""
    negative: str | None = ""
    """An on/off flag's off form: "" → ``--no-<flag>``; None → none (the flag only sets)."""
    metavar: str = "TEXT"

    @property
    def option(self) -> str:
        """The flag as typed (and named in error messages)."""
        return self.flag or "--" + self.name.replace("_", "-")

    @property
    def switch(self) -> bool:
        """An on/off flag that takes no value."""
        return self.toml == (bool,)

    @property
    def repeatable(self) -> bool:
        """A flag given once per list item."""
        return list in self.toml

    @property
    def off(self) -> str | None:
        """The off form of an on/off flag, if it has one."""
        if not self.switch or self.negative is None:
            return None
        return self.negative or "--no-" + self.option[2:]


_NUM = (int, float)
_HOUR = 3600.0


def _table(*settings: Setting) -> Mapping[str, Setting]:
    return MappingProxyType({s.name: s for s in settings})


SETTINGS: Mapping[str, Setting] = _table(
    Setting("refs_dir", "", "refs_dir", _path, (str,), "The BibTeX store folder (default: refs).",
            _EVERY, flag="--refs", metavar="PATH"),
    Setting("reports_dir", "", "reports_dir", _path, (str,),
            "Where to write the reports (default: reports).",
            frozenset({Command.AUDIT}), flag="--reports", metavar="PATH"),
    Setting("db", "", "db_path", _path, (str,),
            "History database (default: .citewatch/history.sqlite3).", _NETWORK, metavar="PATH"),
    Setting("max_age", "", "max_age", parse_duration, (str, *_NUM),
            "Reuse results younger than this (e.g. 12h, 7d, 0) (default: 1d).", _RUNS,
            metavar="DURATION"),
    Setting("broken_runs", "policy", "runs", _int(1, 1000), (int,),
            "Failing runs in a row before a link is broken (default: 3).", _NETWORK, metavar="N"),
    Setting("broken_days", "policy", "days", _float(0, 36525), _NUM,
            "Days those failing runs must span (default: 3).", _NETWORK, metavar="DAYS"),
    Setting("strict", "policy", "strict", _bool, (bool,), "Broken on the first failure.",
            _NETWORK),
    Setting("connect_timeout", "check", "connect_timeout", _float(0, _HOUR, exclusive=True), _NUM,
            "Seconds to open a connection (default: 10).", _NETWORK, metavar="SECONDS"),
    Setting("read_timeout", "check", "read_timeout", _float(0, _HOUR, exclusive=True), _NUM,
            "Seconds to wait for data (default: 20).", _NETWORK, metavar="SECONDS"),
    Setting("request_timeout", "check", "request_timeout", _float(0, _HOUR, exclusive=True), _NUM,
            "Seconds per request (default: 30).", _NETWORK, flag="--timeout", metavar="SECONDS"),
    Setting("deadline", "check", "deadline", _float(0, 7 * 24 * _HOUR, exclusive=True), _NUM,
            "Seconds the whole check run may take (default: none).", _NETWORK,
            metavar="SECONDS"),
    Setting("max_concurrency", "check", "max_concurrency", _int(1, 10_000), (int,),
            "Requests in flight at once (default: 128).", _NETWORK, flag="--concurrency",
            metavar="N"),
    Setting("per_host_concurrency", "check", "per_host_concurrency", _int(1, 1000), (int,),
            "Requests in flight per host (default: 2).", _NETWORK, flag="--per-host",
            metavar="N"),
    Setting("min_host_interval", "check", "min_host_interval", _float(0, _HOUR), _NUM,
            "Seconds between requests to one host (default: 0).", _NETWORK,
            flag="--min-interval", metavar="SECONDS"),
    Setting("user_agent", "check", "user_agent", _str, (str,),
            "User-Agent header (default: a browser's, ending in citewatch/<version>).", _NETWORK),
    Setting("accept_language", "check", "accept_language", _str, (str,),
            "Accept-Language header (default: en-US,en;q=0.8).", _NETWORK),
    Setting("max_redirects", "check", "max_redirects", _int(0, 100), (int,),
            "Redirects followed per URL (default: 10).", _NETWORK, metavar="N"),
    Setting("max_retries", "check", "max_retries", _int(0, 100), (int,),
            "Retries after timeouts, resets, 5xx, 408 and 429 (default: 3).", _NETWORK,
            metavar="N"),
    Setting("workers", "check", "workers", _int(0, 64), (int,),
            "Processes checking at once (0: two for large runs on two or more CPUs; "
            "default: 0).", _NETWORK, metavar="N"),
    Setting("include", "check", "include", _str_list, (list,),
            "Only check URLs matching this regex.", _NETWORK, metavar="REGEX"),
    Setting("exclude", "check", "exclude", _str_list, (list,),
            "Do not check URLs matching this regex.", _NETWORK, metavar="REGEX"),
    Setting("accept_status", "check", "accept_status", _status_set, (list,),
            "Extra HTTP status counted as alive.", _NETWORK, flag="--accept", metavar="STATUS"),
    Setting("no_private", "check", "no_private", _bool, (bool,),
            "Refuse private, loopback and link-local addresses.", _NETWORK, negative=None),
    Setting("soft404", "check", "soft404", _bool, (bool,),
            "Probe each host for pages that really mean \"not found\" (default: on).", _NETWORK),
    Setting("http2", "check", "http2", _bool, (bool,), "Offer HTTP/2 (default: on).", _NETWORK),
    Setting("verify_tls", "check", "verify_tls", _bool, (bool,),
            "Verify TLS certificates (default: on).", _NETWORK),
    Setting("ca_bundle", "check", "ca_bundle", _str, (str,),
            "CA certificates to trust (default: SSL_CERT_FILE, REQUESTS_CA_BUNDLE or certifi).",
            _NETWORK, metavar="PATH"),
    Setting("connect_to", "check", "connect_to",
            _entries(parse_connect_to, "'HOST1:PORT1:HOST2:PORT2'"), (list,),
            "Connect to HOST2:PORT2 for requests to HOST1:PORT1 (curl's; empty = any/same); "
            "URL, Host, TLS name unchanged. Repeatable.", _NETWORK,
            metavar="HOST1:PORT1:HOST2:PORT2"),
    Setting("resolve", "check", "resolve", _entries(parse_resolve, "'HOST:PORT:ADDR'"), (list,),
            "Use ADDR[,ADDR…] for HOST:PORT instead of DNS (curl's). Repeatable.", _NETWORK,
            metavar="HOST:PORT:ADDR"),
    Setting("wayback_url", "archive", "wayback_url", _http_url, (str,),
            "Wayback-compatible archive base URL (default: https://web.archive.org).", _NETWORK,
            metavar="URL"),
    Setting("memento_url", "archive", "memento_url", _http_url, (str,),
            "Memento aggregator asked when the Wayback has no copy (default: none).", _NETWORK,
            metavar="URL"),
    Setting("cdx_rate", "archive", "cdx_rate", _float(0, 1000, exclusive=True), _NUM,
            "Index requests per second at most (default: 1).", _NETWORK, metavar="PER_SECOND"),
    Setting("replay_rate", "archive", "replay_rate", _float(0, 1000, exclusive=True), _NUM,
            "Replay requests per second at most (default: 1).", _NETWORK,
            metavar="PER_SECOND"),
)
"""Every setting, by its flat name (config key, ``CITEWATCH_<NAME>``, flag dict key), in
the order ``--help`` lists the flags."""

ALIASES: Mapping[str, str] = MappingProxyType({
    "timeout": "request_timeout",
    "concurrency": "max_concurrency",
    "per_host": "per_host_concurrency",
    "min_interval": "min_host_interval",
})
"""Short names accepted everywhere for the most used knobs."""

SETTING_NAMES = frozenset(SETTINGS) | frozenset(ALIASES)


# -- layers --------------------------------------------------------------------------------

_Values = dict[str, Any]
"""Parsed values of one layer by canonical flat name (plus "headers", "host_headers")."""


def _canonical(name: str, seen: Mapping[str, str], where: str, path: Path | None) -> str:
    canon = ALIASES.get(name, name)
    if canon not in SETTINGS:
        hint = difflib.get_close_matches(name, sorted(SETTING_NAMES | {"headers"}), n=1)
        extra = f" (did you mean {hint[0]!r}?)" if hint else ""
        raise ConfigError(f"unknown setting {where + name!r}{extra}", path=path)
    if canon in seen:
        raise ConfigError(
            f"{where + name!r} and {where + seen[canon]!r} set the same thing; keep one",
            path=path,
        )
    return canon


_TYPE_NAMES = {str: "a string", int: "a whole number", float: "a number", bool: "true or false",
               list: "a list"}


def _parse_one(canon: str, value: object, label: str, path: Path | None, *, toml: bool = False) -> Any:
    key = SETTINGS[canon]
    if toml and (not isinstance(value, key.toml) or (isinstance(value, bool) and bool not in key.toml)):
        wanted = " or ".join(dict.fromkeys(_TYPE_NAMES[t] for t in key.toml))
        raise ConfigError(f"{label}: expected {wanted}, got {value!r}", path=path)
    try:
        return SETTINGS[canon].parse(value)
    except (ValueError, TypeError) as exc:
        raise ConfigError(f"{label}: {exc}", path=path) from exc


_HEADER_NAME = lazy_pattern(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


def check_headers(
    common: Mapping[str, str],
    per_host: Mapping[str, Mapping[str, str]],
    label: str,
    path: Path | None,
) -> None:
    """Refuse header names that are not HTTP tokens, values with line breaks or other
    control characters, and host names with spaces: each would be sent as something else."""
    for host, table in [("", common), *per_host.items()]:
        if host and (not host.strip() or any(c.isspace() or ord(c) < 32 for c in host)):
            raise ConfigError(f"{label}: bad host name {_shown(host)}", path=path)
        for name, value in table.items():
            if not _HEADER_NAME.fullmatch(name):
                raise ConfigError(f"{label}: bad header name {_shown(name)}", path=path)
            if any((ord(c) < 32 and c != "\t") or ord(c) == 127 for c in value):
                raise ConfigError(
                    f"{label}: the value of {name} must not contain line breaks or control "
                    "characters",
                    path=path,
                )


def _headers_from(table: object, where: str, path: Path) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}headers must be a table", path=path)
    common: dict[str, str] = {}
    per_host: dict[str, dict[str, str]] = {}
    for name, value in table.items():
        if isinstance(value, str):
            common[name] = value
        elif isinstance(value, dict):
            bad = [k for k, v in value.items() if not isinstance(v, str)]
            if bad:
                raise ConfigError(f"{where}headers.{name}.{bad[0]} must be a string", path=path)
            try:
                parse_origin(name)
                for header, text in value.items():
                    parse_header(f"{header}: {text}")
            except HeaderSpecError as exc:
                raise ConfigError(f"{where}headers.{name}: {exc}", path=path) from exc
            per_host[name.lower()] = dict(value)
        else:
            raise ConfigError(
                f"{where}headers.{name} must be a string (a header) or a table (a host)", path=path
            )
    check_headers(common, per_host, f"{where}headers", path)
    return common, per_host


def _file_layer(table: Mapping[str, object], path: Path, where: str, cwd: Path) -> _Values:
    """Parse one config table. Relative paths are taken from the file's folder (kept
    relative when that is the working directory)."""
    values: _Values = {}
    names: dict[str, str] = {}
    base = path.parent
    rebase = base.resolve() != cwd.resolve()
    for name, value in table.items():
        if name == "headers":
            values["headers"], values["host_headers"] = _headers_from(value, where, path)
            continue
        canon = _canonical(name, names, where, path)
        names[canon] = name
        parsed = _parse_one(canon, value, f"{where}{name}", path, toml=True)
        if isinstance(parsed, Path) and rebase and not parsed.is_absolute():
            parsed = base / parsed
        values[canon] = parsed
    return values


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except UnicodeDecodeError as exc:
        raise ConfigError(
            "not UTF-8 (TOML files must be UTF-8; save the file as UTF-8)", path=path
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise ConfigError(f"not valid TOML: {exc}", path=path, line=int(m.group(1)) if m else None) from exc
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror or exc}", path=path) from exc


def read_config_file(path: Path, cwd: Path | None = None) -> _Values:
    """One file's settings: ``[tool.citewatch]`` of a ``pyproject.toml`` (empty when the
    table is absent), else the top level of the file."""
    data = _read_toml(path)
    if path.name == PYPROJECT_FILE:
        tool = data.get("tool", {})
        table = tool.get("citewatch", {}) if isinstance(tool, dict) else {}
        if not isinstance(table, dict):
            raise ConfigError("tool.citewatch must be a table", path=path)
        return _file_layer(table, path, "tool.citewatch.", cwd or Path.cwd())
    return _file_layer(data, path, "", cwd or Path.cwd())


def env_layer(env: Mapping[str, str]) -> _Values:
    """Values from ``CITEWATCH_<NAME>`` variables (lists comma-separated)."""
    values: _Values = {}
    names: dict[str, str] = {}
    for var, raw in sorted(env.items()):
        if not var.startswith(ENV_PREFIX):
            continue
        name = var[len(ENV_PREFIX):].lower()
        if ALIASES.get(name, name) not in SETTINGS:
            continue
        canon = _canonical(name, names, "", None)
        names[canon] = name
        values[canon] = _parse_one(canon, raw, f"environment variable {var}", None)
    return values


def flag_layer(overrides: Mapping[str, object]) -> _Values:
    """Values from CLI flags; ``None`` means the flag was not given."""
    values: _Values = {}
    names: dict[str, str] = {}
    for name, raw in overrides.items():
        if raw is None:
            continue
        if name == "headers":
            check_headers(raw, {}, "option --header", None)  # type: ignore[arg-type]
            values[name] = raw
            continue
        if name == "host_headers":
            check_headers({}, raw, "option --header", None)  # type: ignore[arg-type]
            values[name] = raw
            continue
        canon = _canonical(name, names, "", None)
        names[canon] = name
        values[canon] = _parse_one(canon, raw, f"option {SETTINGS[canon].option}", None)
    return values


def _apply(settings: Settings, values: _Values) -> Settings:
    top: dict[str, Any] = {}
    policy: dict[str, Any] = {}
    check: dict[str, Any] = {}
    archive: dict[str, Any] = {}
    sections = {"": top, "policy": policy, "check": check, "archive": archive}
    for canon, value in values.items():
        if canon == "headers":
            check["headers"] = MappingProxyType({**settings.check.headers, **value})
        elif canon == "host_headers":
            merged = {h: dict(v) for h, v in settings.check.host_headers.items()}
            for host, hdrs in value.items():
                merged[host.lower()] = {**merged.get(host.lower(), {}), **hdrs}
            check["host_headers"] = MappingProxyType(
                {h: MappingProxyType(v) for h, v in merged.items()}
            )
        else:
            key = SETTINGS[canon]
            sections[key.section][key.field] = value
    try:
        new_policy = replace(settings.policy, **policy) if policy else settings.policy
    except ValueError as exc:
        raise ConfigError(f"broken-link policy: {exc}") from exc
    return replace(
        settings,
        **top,
        policy=new_policy,
        check=replace(settings.check, **check) if check else settings.check,
        archive=replace(settings.archive, **archive) if archive else settings.archive,
    )


def config_files(cwd: Path) -> list[Path]:
    """The config files found in ``cwd``, lowest precedence first."""
    return [p for p in (cwd / PYPROJECT_FILE, cwd / CONFIG_FILE) if p.is_file()]


def load_settings(
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, object] | None = None,
    config: Path | None = None,
) -> Settings:
    """Merge defaults, config files, environment and flags into one :class:`Settings`.

    ``config`` names one file to read instead of searching ``cwd`` (its settings are under
    ``[tool.citewatch]`` when it is called ``pyproject.toml``). ``env`` defaults to
    ``os.environ``; ``overrides`` are CLI flags by setting name (``None`` = not given).
    """
    cwd = cwd if cwd is not None else Path.cwd()
    env = os.environ if env is None else env
    settings = Settings()
    sources: list[str] = []
    files = [config] if config is not None else config_files(cwd)
    for path in files:
        settings = _apply(settings, read_config_file(path, cwd))
        sources.append(str(path))
    env_values = env_layer(env)
    if env_values:
        settings = _apply(settings, env_values)
        sources.append("environment")
    flag_values = flag_layer(overrides or {})
    if flag_values:
        settings = _apply(settings, flag_values)
        sources.append("flags")
    return replace(settings, sources=tuple(sources))


def _configured(knobs: CheckSettings | ArchiveSettings, target: type) -> dict[str, Any]:
    """The knobs set (not None, not empty headers) whose names are fields of ``target``."""
    wanted = {f.name for f in fields(target)}
    given: dict[str, Any] = {}
    for f in fields(knobs):
        value = getattr(knobs, f.name)
        if f.name in wanted and value is not None and not (f.name.endswith("headers") and not value):
            given[f.name] = value
    return given


def to_check_options(settings: Settings) -> CheckOptions:
    """The checker's ``CheckOptions`` for these settings: every configured knob whose name
    is a field of ``CheckOptions``; the rest keep the checker's defaults."""
    from citewatch.check.options import CheckOptions  # the checker stage owns this value

    return CheckOptions(**_configured(settings.check, CheckOptions))


def to_archive_options(settings: Settings) -> ArchiveOptions:
    """The archive stage's ``ArchiveOptions`` for these settings, built the same way."""
    from citewatch.archive.model import ArchiveOptions  # the archive stage owns this value
    from citewatch.http.options import HttpOptions

    check = settings.check
    shared = ("ca_bundle", "verify_tls", "http2")  # as for checking; not timeouts or headers
    network = HttpOptions(
        **{k: v for k, v in _configured(check, HttpOptions).items() if k in shared},
        routes=Routes(check.connect_to or (), check.resolve or ()),
    )
    return ArchiveOptions(**_configured(settings.archive, ArchiveOptions), network=network)


def _plain(value: object) -> object:
    """A setting's value as a config file would write it (JSON-ready)."""
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, tuple):
        return [v if isinstance(v, str) else str(v) for v in value]
    return value


def as_config(settings: Settings) -> dict[str, object]:
    """Every setting by its flat key, as merged (None: the stage's own default), the headers
    as a config file's ``headers`` table, and the layers read (``--show-config``)."""
    sections: dict[str, object] = {
        "": settings, "policy": settings.policy, "check": settings.check,
        "archive": settings.archive,
    }
    values: dict[str, object] = {
        s.name: _plain(getattr(sections[s.section], s.field)) for s in SETTINGS.values()
    }
    values["headers"] = {
        **settings.check.headers,
        **{host: dict(table) for host, table in settings.check.host_headers.items()},
    }
    return {"settings": values, "sources": list(settings.sources)}
