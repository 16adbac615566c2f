"""A real process that writes one document into several stores, each when told to go.

``python -m tests.store._race_writer SIDE DIR TRIES``: for each try ``t`` it creates
``DIR/ready<t><SIDE>``, waits (at most 20 s) for ``DIR/go<t>``, then writes document
``docs/<SIDE>.txt`` into ``DIR/try<t>/refs``. Two of these race on each store.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from citewatch.store import write_extraction
from tests.store._build import extraction, note


def main(side: str, folder: str, tries: str) -> None:
    base = Path(folder)
    ex = extraction(
        note(
            "1",
            urls=(f"https://www.hrw.org/news/2020/05/12/{side}",),
            author="Human Rights Watch",
            title=f"Azerbaijan: report {side}",
            date_iso="2020-05-12",
        ),
        document=f"docs/{side}.txt",
    )
    for t in range(int(tries)):
        (base / f"ready{t}{side}").touch()
        stop = time.monotonic() + 20
        while not (base / f"go{t}").exists() and time.monotonic() < stop:
            time.sleep(0.0002)
        write_extraction(ex, base / f"try{t}" / "refs")


if __name__ == "__main__":
    main(*sys.argv[1:4])
