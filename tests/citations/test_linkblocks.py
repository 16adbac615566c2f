"""Links printed apart from their notes (seeds/003-style link blocks)."""

from __future__ import annotations

from pathlib import Path

from citewatch.citations.extract import extract_document
from citewatch.citations.linkblocks import similarity
from citewatch.citations.model import Citation, NoteKind
from citewatch.documents.model import DocFormat, Document

BODY = "The paragraph of body text continues here without any citation of its own at all.\n"


def _extract(text: str) -> list[Citation]:
    return list(extract_document(Document(Path("t.txt"), text, DocFormat.TEXT)).citations)


def _urls(cits: list[Citation], label: str | None) -> list[str]:
    return [u.url for c in cits if c.label == label for u in c.urls]


BLOCK_DOC = (
    BODY * 3
    + "\n"
    "4 Siranush Ghazanchyan, “The rights of the Armenians of Artsakh have not yet been restored: "
    "MFA issues statement on World Refugee Day,” Public Radio of Armenia, 20 June 2021.\n"
    "5 See “When embers burst into flames, International Humanitarian Law violations during the "
    "2020 Nagorno-Karabakh War,” IPHR/Truth Hounds, May 2021.\n"
    "6 Tanya Lokshina, “Survivors of unlawful detention in Nagorno-Karabakh speak out about war "
    "crimes” HRW, 12 March 2021.\n"
    "7 Ibid.\n"
    "8 Rule 113. Treatment of the Dead, IHL Database.\n"
    "\n"
    "https://en.armradio.am/2021/06/20/the-rights-of-the-armenians-of-artsakh-have-not-yet-been-restored\n"
    "https://www.iphronline.org/wp-content/uploads/2021/06/NK_final_report_2021.pdf\n"
    "https://www.iphronline.org/wp-content/uploads/2021/06/NK_final_report_2021.pdf\n"
    "https://www.hrw.org/news/2021/03/12/survivors-unlawful-detention-nagorno-karabakh-speak-out\n"
    "https://ihl-databases.icrc.org/customary-ihl/eng/docindex/v1_rul_rule113\n"
    + BODY
)


def test_block_links_go_to_the_notes_without_urls_in_order() -> None:
    cits = _extract(BLOCK_DOC.replace("4 S", "1 S", 1).replace("5 See", "2 See", 1)
                    .replace("6 T", "3 T", 1).replace("7 Ibid", "4 Ibid", 1)
                    .replace("8 Rule", "5 Rule", 1))
    assert _urls(cits, "1") == [
        "https://en.armradio.am/2021/06/20/the-rights-of-the-armenians-of-artsakh-have-not-yet-been-restored"
    ]
    # printed twice in a row: one link for one note
    assert _urls(cits, "2") == [
        "https://www.iphronline.org/wp-content/uploads/2021/06/NK_final_report_2021.pdf"
    ]
    assert _urls(cits, "3") == [
        "https://www.hrw.org/news/2021/03/12/survivors-unlawful-detention-nagorno-karabakh-speak-out"
    ]
    assert _urls(cits, "4") == []  # an ibid never takes a link
    assert _urls(cits, "5") == [
        "https://ihl-databases.icrc.org/customary-ihl/eng/docindex/v1_rul_rule113"
    ]
    assert not [c for c in cits if c.kind is NoteKind.BODY]


def test_fewer_links_than_notes_are_matched_by_slug() -> None:
    text = (
        BODY * 2
        + "1 See Article 7 of the ICCPR.\n"
        "2 See “Ad Hoc Public Report on Torture of Armenian Captives”, Human Rights Defender, 2021.\n"
        "3 See “Azerbaijan: Armenian POWs Abused in Custody”, HRW, 19 March 2021.\n"
        "\n"
        "https://www.hrw.org/news/2021/03/19/azerbaijan-armenian-pows-abused-custody\n"
        + BODY
    )
    cits = _extract(text)
    assert _urls(cits, "3") == [
        "https://www.hrw.org/news/2021/03/19/azerbaijan-armenian-pows-abused-custody"
    ]
    assert _urls(cits, "1") == [] and _urls(cits, "2") == []


def test_unmatched_link_stays_a_body_link() -> None:
    text = (
        BODY * 2
        + "1 See Article 7 of the ICCPR.\n"
        "2 See “Ad Hoc Public Report on Torture of Armenian Captives”, Human Rights Defender, 2021.\n"
        "\n"
        "https://www.example.org/completely/unrelated-page-about-weather\n"
        "https://www.example.org/another/unrelated-page-about-sports\n"
        "https://www.example.org/third/unrelated-page-about-music\n"
        + BODY
        + "Body text citing https://www.kremlin.ru/events/president/news/65628 inline.\n"
    )
    cits = _extract(text)
    body = [c for c in cits if c.kind is NoteKind.BODY]
    assert len(body) == 4
    assert all(c.label is None for c in body)
    assert _urls(cits, "1") == [] and _urls(cits, "2") == []


def test_similarity_reads_the_slug() -> None:
    note = "Tanya Lokshina, “Survivors of unlawful detention in Nagorno-Karabakh speak out”"
    assert similarity("https://www.hrw.org/news/2021/03/12/survivors-unlawful-detention", note) == 1.0
    assert similarity("https://www.hrw.org/", note) == 0.0


def test_slug_words_shared_by_the_block_do_not_decide() -> None:
    # four links for five notes; three links print "treaties", which notes 9 and 11 also
    # print: only the words proper to each link ("clause7", "clause12", "wheat-prices")
    # place it, and the link between two placed ones takes the one note left between them
    text = (
        BODY * 3
        + "\n"
        "9 Clause 7. Transit of Goods, Treaties Database.\n"
        "10 See Protocol II on Border Crossings, Riga, 3 March 1999.\n"
        "11 Clause 12. Customs Fees, Treaties Database.\n"
        "12 See “Wheat prices rise after the border closes”, Farm Gazette, 4 May 2020.\n"
        "13 Memorandum of the Ministry of Trade on Tariffs, 5 June 2020.\n"
        "\n"
        "https://agreements-db.int/treaties/eng/docs/v2_clause7\n"
        "https://agreements-db.int/treaties/Texts/410-900123\n"
        "https://agreements-db.int/treaties/eng/docs/v2_clause12\n"
        "https://www.farmgazette.com/2020/05/04/wheat-prices-rise-after-border-closes\n"
        + BODY
    )
    cits = _extract(text)
    assert _urls(cits, "9") == ["https://agreements-db.int/treaties/eng/docs/v2_clause7"]
    assert _urls(cits, "10") == ["https://agreements-db.int/treaties/Texts/410-900123"]
    assert _urls(cits, "11") == ["https://agreements-db.int/treaties/eng/docs/v2_clause12"]
    assert _urls(cits, "12") == [
        "https://www.farmgazette.com/2020/05/04/wheat-prices-rise-after-border-closes"
    ]
    assert _urls(cits, "13") == []


def test_similarity_joins_a_word_and_its_number() -> None:
    url = "https://agreements-db.int/treaties/eng/docs/v2_clause12"
    assert similarity(url, "Clause 12. Customs Fees, Database.") > similarity(
        url, "Clause 7. Transit of Goods, Database."
    )
    common = frozenset({"treaties", "docs", "clause7"})
    assert similarity(url, "Clause 12. Customs Fees.", common) == 1.0
    assert similarity(url, "Clause 7. Transit of Goods.", common) == 0.0
