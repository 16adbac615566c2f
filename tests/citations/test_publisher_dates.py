"""McGill/NGO reports and Chicago notes print the date inside the publisher parenthetical:
the date goes to ``date``/``date_iso``, not into the title or the container (issue 7)."""

from __future__ import annotations

import pytest

from citewatch.citations.fields import parse_fields
from citewatch.citations.model import NoteKind


@pytest.mark.parametrize(
    ("text", "date", "iso", "title", "container"),
    [
        (("Human Rights Ombudsman of Artsakh, Interim Report on the Atrocities (Stepanakert: "
         "18 October 2020), online: <www.artsakhombuds.am/en/document/733>."),
         "18 October 2020", "2020-10-18", "Interim Report on the Atrocities", None),
        (("UNHCR, Displacement in the South Caucasus (Geneva: UNHCR, March 2019), "
         "https://www.unhcr.org/x."), "March 2019", "2019-03", "Displacement in the South Caucasus",
         None),
        (("International Crisis Group, Improving Prospects for Peace, Europe Report No 264 "
         "(Brussels: ICG, 9 June 2021) at 4."), "9 June 2021", "2021-06-09",
         "Improving Prospects for Peace, Europe Report No 264", "ICG"),
        (("Human Rights Watch, Azerbaijan: Cluster Munitions Used (New York: HRW, 2020), "
         "https://www.hrw.org/x."), "2020", "2020", "Azerbaijan: Cluster Munitions Used", "HRW"),
        (("Human Rights Watch, “Seven Things to Know” (New York: HRW, 12 May 2021), "
         "https://www.hrw.org/x."), "12 May 2021", "2021-05-12", "Seven Things to Know", "HRW"),
    ],
)
def test_date_in_the_publisher_parenthetical(
    text: str, date: str, iso: str, title: str, container: str | None
) -> None:
    f = parse_fields(text, kind=NoteKind.FOOTNOTE)
    assert (f.date, f.date_iso, f.title, f.container) == (date, iso, title, container)


def test_a_parenthetical_without_a_date_stays_where_it_was() -> None:
    f = parse_fields("Jane Doe, The Law of War (Oxford: Clarendon) at 45.", kind=NoteKind.FOOTNOTE)
    assert f.date is None and f.date_iso is None
