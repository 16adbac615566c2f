"""The causes ``bench/audit_world --synthetic`` sorts wrong rows by: the damage a printed
spelling shows, how a missed URL stands in the text, the step that failed."""

from __future__ import annotations

import pytest

from tests.e2e.synthetic_world import damage, printed_as, step

TRUE = "https://www.hrw.org/report/2021/03/24/civilians-must-be-protected"


@pytest.mark.parametrize(("printed", "want"), [
    ("www.hrw.org/report/2021/03/24/civilians-must-be-protected", "none"),
    ("https://www.hrw.org/report/2021/03/24/civilians-must-beprotected", "hyphen dropped at a line break"),
    ("https://www.hrw.org/report/2021/03/24/civilians-must-be-prot", "cut short"),
    ("https://www.hrw.org/report/2021/03/24/civilians-must-be-protected/2", "text glued on"),
    ("https://www.hrw.org/report/2021/0324/civilians-must-be-protected", "characters dropped"),
    ("https://www.hrw.org/report/2021/03/24/civilians-must_be-protected", "other spelling"),
])
def test_damage(printed: str, want: str) -> None:
    assert damage(printed, TRUE) == want


@pytest.mark.parametrize(("text", "want"), [
    (f"see {TRUE}.\n", "printed whole"),
    ("see https://www.hrw.org/report/2021/03/24/civi\nlians-must-be-protected.\n", "broken across lines"),
    ("see https://www.hrw.org/report/2021/03/24/civi\n\nlians-must-be-protected.\n",
     "broken across a blank line"),
    ("see <https\n://www.hrw.org/report/2021/03/24/civilians-must-be-protected>\n",
     "scheme broken off at a line end"),
    ("see https://www.hrw.org/report/2021/03/24/civi    Other column\nlians-must-be-protected\n",
     "broken with other text between its pieces"),
    ("nothing here\n", "not found in the text"),
])
def test_printed_as(text: str, want: str) -> None:
    assert printed_as(text, TRUE)[0] == want


def test_the_first_failed_step_explains_the_rest() -> None:
    assert step(["class dead, want alive", "damaged spelling not repaired"]) == "not repaired"
    assert step(["archive_date None, want 2021-03-03", "target_date 2021-07-30, want 2021-03-23"]) \
        == "wrong date seen"
    assert step(["no report row"]) == "missed by extraction"
