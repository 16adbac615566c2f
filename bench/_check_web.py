"""The loopback web of bench/check: which URL lives on which host and how it behaves.

Shared by the server process (``_check_server.py``) and the bench, so both agree on the plan.
Hosts are distinct loopback addresses 127.0.x.y (x from 10 up), all on one port.

Paths encode behaviour, so the server needs no table:
  /a/N  200 page (distinct text)           /d/N  404
  /r/N  301 → /a/Nr (alive)                /t/N  302 → /a/Nt (alive)
  /q/N  429 Retry-After: 1 once, then 200  /w/N  200 after a slow answer
  /gone/N on a soft-404 host: 200 with the host's "not found" template
  /nf/N  200 whose title/h1 say "not found" (8 languages) on an honest-404 host: soft404
  /ab/N  200 article whose title is *about* something missing ("Not found: …"): alive
  anything else: 404 on normal hosts, the 200 template on soft-404 hosts.
"""

from __future__ import annotations

import random

EXPECTED = {
    "alive": "alive",
    "dead": "dead",
    "perm": "redirected",
    "temp": "alive",
    "soft": "soft404",
    "limited": "alive",
    "slow": "alive",
    "titled": "soft404",
    "about": "alive",
}
MIX = [("alive", 0.77), ("dead", 0.05), ("perm", 0.04), ("temp", 0.03), ("limited", 0.02),
       ("slow", 0.03), ("titled", 0.02), ("about", 0.01)]
PREFIX = {"alive": "a", "dead": "d", "perm": "r", "temp": "t", "limited": "q", "slow": "w",
          "soft": "gone", "titled": "nf", "about": "ab"}
NOT_FOUND_PAGES = [
    ("Page not found | Example Rights Watch", "Page not found"),
    ("404 – Not Found | Site", "Sorry!"),
    ("Page introuvable - Le Journal", "Erreur 404"),
    ("Seite nicht gefunden | Zeitung", "Seite nicht gefunden"),
    ("Página no encontrada", "Ups"),
    ("Ошибка 404 — Страница не найдена", "Страница не найдена"),
    ("Էջը չի գտնվել | Լուրեր", "Էջը չի գտնվել"),
    ("Səhifə tapılmadı", "Xəta 404"),
    ("404 - Sayfa Bulunamadı | Haber", "Sayfa bulunamadı"),
]
"""Title and h1 of the dead records that a CMS still serves with 200 (kind "titled")."""
ABOUT_MISSING = [
    "Not found: the missing children of Aleppo",
    "Why the bodies were never found",
    "Error 404: how link rot erases the record",
    "Страница не найдена: как исчезают архивы",
    "Not Found – The missing archives of Stepanakert | Daily",
]
"""Titles of articles about something missing (kind "about"): alive pages."""
SOFT_EVERY = 20
"""Every 20th host answers 200 for everything (a soft-404 site)."""


def host_address(i: int) -> str:
    return f"127.0.{10 + i // 250}.{1 + i % 250}"


def is_soft_host(i: int) -> bool:
    return i % SOFT_EVERY == 0


def soft_addresses(n_hosts: int) -> set[str]:
    return {host_address(i) for i in range(n_hosts) if is_soft_host(i)}


def plan(n_urls: int, n_hosts: int, port: int, seed: int = 1) -> list[tuple[str, str]]:
    """``(url, kind)`` for every URL, spread evenly over hosts, in shuffled (cited) order."""
    rng = random.Random(seed)
    kinds, weights = zip(*MIX)
    out: list[tuple[str, str]] = []
    for n in range(n_urls):
        h = n % n_hosts
        if is_soft_host(h):
            kind = "soft" if rng.random() < 0.5 else "alive"
        else:
            kind = rng.choices(kinds, weights)[0]
        out.append((f"http://{host_address(h)}:{port}/{PREFIX[kind]}/{n}", kind))
    rng.shuffle(out)
    return out
