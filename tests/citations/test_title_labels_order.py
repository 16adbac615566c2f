"""An author-date entry cited by two title forms of one length gets the same label on every
run: the first form cited, not the first of a set (whose order follows the hash seed)."""

from __future__ import annotations

import subprocess
import sys

CODE = """
from citewatch.citations.notes import NoteKind, RawNote, cited_title_labels
body = ("As reported (\\u201cBattle of\\nShusha,\\u201d 2020), and again "
        "(\\u201cBattle of Shusha,\\u201d 2020).")
entry = RawNote(NoteKind.REFERENCE, "Rights Watch 2020", (0,), (9,),
                "Rights Watch. (2020). Battle of Shusha: the record.", 1)
[out] = cited_title_labels([entry], body)
print(repr(out.label))
"""


def test_the_first_cited_title_form_labels_the_entry_whatever_the_hash_seed() -> None:
    labels = set()
    for seed in ("0", "1", "2", "3", "4", "5"):
        run = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True,
                             timeout=60, check=True, env={"PYTHONHASHSEED": seed})
        labels.add(run.stdout.strip())
    assert labels == {repr("\u201cBattle of\nShusha,\u201d 2020")}
