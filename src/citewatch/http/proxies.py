"""Which requests go through an environment proxy, read the way httpx and curl read it.

``HTTP_PROXY``/``HTTPS_PROXY``/``ALL_PROXY`` name a proxy per scheme (``all`` for both; a
value without a scheme means ``http://``); ``NO_PROXY`` lists hosts that go direct: ``*``
for all, an address or ``localhost`` exactly, a name (with or without a leading ``.``) for
that domain and its subdomains, a ``scheme://host`` for that scheme and host only.

The transport asks ``ProxyPlan.proxy_for`` per request, so the decision is made in one place
for every stage; proxied requests go to httpx's transport for that proxy, which makes their
connections (routes and ``--no-private`` apply to direct connections only).
"""

from __future__ import annotations

import ipaddress
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class ProxyPlan:
    """The proxy environment: proxy URL per scheme, and the hosts that bypass it."""

    proxies: Mapping[str, str]
    """``http``, ``https`` or ``all`` → proxy URL (always with a scheme)."""
    exact: frozenset[str] = frozenset()
    """Hosts (addresses, ``localhost``) that go direct."""
    domains: tuple[str, ...] = ()
    """Domains that go direct, with their subdomains (no leading dot)."""
    scheme_hosts: frozenset[tuple[str, str]] = frozenset()
    """(scheme, host) pairs that go direct."""

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> ProxyPlan | None:
        """The plan for the environment (``urllib.request.getproxies`` by default), or None
        when no request would be proxied."""
        found = urllib.request.getproxies() if env is None else env
        proxies = {scheme: url if "://" in url else f"http://{url}"
                   for scheme in ("http", "https", "all") if (url := found.get(scheme))}
        if not proxies:
            return None
        no_proxy = [h.strip() for h in found.get("no", "").split(",") if h.strip()]
        if "*" in no_proxy:
            return None
        exact: set[str] = set()
        domains: list[str] = []
        scheme_hosts: set[tuple[str, str]] = set()
        for entry in no_proxy:
            if "://" in entry:
                scheme, _, host = entry.partition("://")
                scheme_hosts.add((scheme.lower(), host.strip("/").lower()))
            elif _is_ip(entry) or entry.lower() == "localhost":
                exact.add(entry.strip("[]").lower())
            else:
                domains.append(entry.lstrip(".").lower())
        return cls(proxies, frozenset(exact), tuple(domains), frozenset(scheme_hosts))

    def proxy_for(self, scheme: str, host: str) -> str | None:
        """The proxy URL for a request to ``scheme://host``, or None to go direct."""
        proxy = self.proxies.get(scheme) or self.proxies.get("all")
        if proxy is None:
            return None
        host = host.strip("[]").lower()
        if host in self.exact or (scheme, host) in self.scheme_hosts:
            return None
        for domain in self.domains:
            if host == domain or host.endswith("." + domain):
                return None
        return proxy


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return False
    return True
