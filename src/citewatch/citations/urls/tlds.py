"""The top-level domains that let a URL be printed without scheme or ``www.``."""

from __future__ import annotations

_CC_TLDS = (
    "ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo "
    "bq br bs bt bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk "
    "dm do dz ec ee eg er es et eu fi fj fk fm fo fr ga gd ge gf gg gh gi gl gm gn gp gq gr "
    "gs gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki "
    "km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo "
    "mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph "
    "pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sk sl sm sn so sr "
    "ss st su sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug uk us uy uz "
    "va vc ve vg vi vn vu wf ws ye yt za zm zw"
)

_GENERIC_TLDS = (
    "com org net edu gov mil int info biz name pro aero coop museum mobi asia tel travel jobs "
    "cat post app dev page blog news online site website tech store shop xyz top club live "
    "today world global media press law legal ngo ong foundation org academy institute "
    "center centre network agency digital cloud group company science social report reviews "
    "eus africa berlin paris london nyc swiss scot wales quebec asia lat moscow tokyo"
)

TLDS: frozenset[str] = frozenset((_CC_TLDS + " " + _GENERIC_TLDS).split())
"""Top-level domains accepted for URLs printed without scheme or ``www.`` (no network)."""


def is_tld(label: str) -> bool:
    """Whether ``label`` (without dot, any case) is a top-level domain we accept."""
    return label.lower() in TLDS
