"""The truth about every URL the five seeds cite, and the world built from it.

For each URL as printed: the URL that was meant (for spellings damaged by text extraction,
decided from the text and the slug's words — ``how`` says how), and its fate in the
simulated web. For each citation: the date it was seen, by the rule of issue 7 — access
date, else its own date (one inside the publisher parenthetical included), else its note's
date, else the document's date, else the latest date the document cites, else today — and
which of those it was. ``seeds/000`` and ``seeds/002`` cite no URL.

Everything here was read off the seed texts by a person (line numbers are the text's), not
produced by citewatch, so the end-to-end test can fail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from tests.e2e.measure import Expect
from tests.e2e.world import (
    FAILING,
    HOST_KIND_OF,
    Fate,
    World,
    absolute,
    after_only,
    around,
    expected_capture,
)


class Archived(StrEnum):
    """Which captures of the true URL the Wayback stand-in holds."""

    AROUND = "around"
    """Before and after each citation's date (see ``world.around``)."""
    AFTER = "after-only"
    NONE = "none"


@dataclass(frozen=True)
class CitedUrl:
    printed: str
    """As printed (what ``citewatch extract`` reports, no scheme added)."""
    true: str | None
    """The absolute URL that was meant; None when the text does not hold enough to know."""
    fate: Fate
    how: str = ""
    """For a damaged spelling: how the true URL was decided."""
    title: str = ""
    moved_to: str | None = None
    lang: str = "en"
    """Language of a not-found title."""
    archived: Archived = Archived.NONE

    @property
    def damaged(self) -> bool:
        return self.true is None or absolute(self.printed) != self.true


class Source(StrEnum):
    """Where a citation's date comes from (report.json ``target_date.source``)."""

    ACCESSED = "accessed"
    PUBLISHED = "published"
    NOTE = "note"
    DOCUMENT = "document"
    LATEST_CITED = "latest-cited"
    TODAY = "today"


@dataclass(frozen=True)
class Seen:
    day: str | None
    """``YYYY-MM-DD`` or ``YYYY-MM`` (a month: any day of it will do); None = today."""
    source: Source
    how: str = ""

    def date(self, today: date) -> date:
        if self.day is None:
            return today
        return date.fromisoformat(self.day if len(self.day) == 10 else self.day + "-01")


@dataclass(frozen=True)
class Citation:
    document: str
    note: str | None
    lines: tuple[int, int]
    """First and last line of the citation's note in the text."""
    printed: str
    seen: Seen


D1, D3, D4 = "001_1612205aee175f1a.txt", "003_da9b47c41a77b0af.txt", "004_bca22912ba22c0ff.txt"

LATEST_1 = Seen("2021-03-12", Source.LATEST_CITED, "no date in the note; seed 001 prints no date "
                "of its own; its latest cited date is note 97's 12 March 2021")
LATEST_3 = Seen("2022-12-16", Source.LATEST_CITED, "no date in the note; seed 003 prints no date "
                "of its own; its latest cited date is note 21's 16 December 2022")
TODAY = Seen(None, Source.TODAY, "seed 004 is a web page saved as text: no date printed "
             "anywhere in it (its links are bare URLs)")


def pub(day: str, how: str = "") -> Seen:
    return Seen(day, Source.PUBLISHED, how)


def note(day: str, how: str) -> Seen:
    return Seen(day, Source.NOTE, how)


DB = "www.dropbox.com/sh/rzw8yrjf45w9n18/"
CRIMES = "Crimes%20Against%20POWs%2C%20Civilians%20and%20the%20Deceased/"

URLS: tuple[CitedUrl, ...] = (
    # -- seed 001 (McGill style, <www…> without a scheme) ------------------------------------
    CitedUrl(
        "www.calvertjournal.com/articles/show/12442/azerbaijan-stamps-nagornokarabakh-war-anti-armenian-propaganda",
        "https://www.calvertjournal.com/articles/show/12442/azerbaijan-stamps-nagorno-karabakh-war-anti-armenian-propaganda",
        Fate.ALIVE, "'nagornokarabakh' is Nagorno-Karabakh, hyphenated everywhere else in the text",
        "Azerbaijani postal stamps accused of spreading anti-Armenian propaganda", archived=Archived.AROUND),
    CitedUrl(
        "www.huffingtonpost.ca/entry/daily-mail-nazi-refugee-ratcartoon_n_564b526ee4b06037734ae115?ri18n=true",
        "https://www.huffingtonpost.ca/entry/daily-mail-nazi-refugee-rat-cartoon_n_564b526ee4b06037734ae115?ri18n=true",
        Fate.MOVED, "'ratcartoon' is no word; every other slug word is hyphenated (the cartoon "
        "shows refugees as rats): a hyphen lost at a line break of the original PDF",
        "This Daily Mail Anti-Refugee Cartoon Is Straight Out Of Nazi Germany",
        moved_to="https://www.huffpost.com/entry/daily-mail-nazi-refugee-rat-cartoon_n_564b526ee4b06037734ae115",
        archived=Archived.AROUND),
    CitedUrl("www.nkr.am/en/karabakh-national-liberation-movement",
             "https://www.nkr.am/en/karabakh-national-liberation-movement", Fate.PARKED,
             archived=Archived.AROUND),
    CitedUrl(
        "www.nybooks.com/articles/1990/09/27/an-open-letter-on-anti-armenian-pogroms-inthe-sov/",
        "https://www.nybooks.com/articles/1990/09/27/an-open-letter-on-anti-armenian-pogroms-in-the-sov/",
        Fate.ALIVE, "title 'Pogroms in the Soviet Union': 'inthe' is 'in-the' (the slug is cut "
        "after 'sov' by the site itself)", "An Open Letter on Anti-Armenian Pogroms in the Soviet Union",
        archived=Archived.AFTER),
    CitedUrl(
        "www.unhcr.org/publications/refugeemag/3b5583fd4/unhcr-publication-cis-conferencedisplacement-cis-conflicts-caucasus.html",
        "https://www.unhcr.org/publications/refugeemag/3b5583fd4/unhcr-publication-cis-conference-displacement-cis-conflicts-caucasus.html",
        Fate.GONE, "title 'CIS Conference (Displacement in the CIS)': two words, hyphenated like "
        "the rest of the slug", archived=Archived.AROUND),
    CitedUrl("anca.org/22-years-ago-today-karabakh-azerbaijan-ceasefire-agreement-was-signed/",
             "https://anca.org/22-years-ago-today-karabakh-azerbaijan-ceasefire-agreement-was-signed/",
             Fate.ALIVE, title="22 Years Ago Today, Karabakh-Azerbaijan Ceasefire Agreement Was Signed"),
    CitedUrl("www.instagram.com/p/CJVnAyFnHEg/", "https://www.instagram.com/p/CJVnAyFnHEg/",
             Fate.LOGIN_WALL),
    CitedUrl("www.instagram.com/p/CIkT7IkHR_X/?utm_source=ig_web_copy_link",
             "https://www.instagram.com/p/CIkT7IkHR_X/?utm_source=ig_web_copy_link", Fate.LOGIN_WALL),
    CitedUrl("www.hrw.org/news/2020/10/23/azerbaijan-cluster-munitions-used-nagorno-karabakh",
             "https://www.hrw.org/news/2020/10/23/azerbaijan-cluster-munitions-used-nagorno-karabakh",
             Fate.ALIVE, title="Azerbaijan: Cluster Munitions Used in Nagorno-Karabakh"),
    CitedUrl(
        "https://mirrorspectator.com/2020/12/10/evidence-of-azerbaijans-use-of-chemical-weaponsunveiled/",
        "https://mirrorspectator.com/2020/12/10/evidence-of-azerbaijans-use-of-chemical-weapons-unveiled/",
        Fate.ALIVE, "'weaponsunveiled' is 'weapons unveiled', split at the line break",
        "Evidence of Azerbaijan's Use of Chemical Weapons Unveiled", archived=Archived.AROUND),
    CitedUrl("www.youtube.com/watch?v=0RtKQg77ymk&feature=youtu.be",
             "https://www.youtube.com/watch?v=0RtKQg77ymk&feature=youtu.be", Fate.ALIVE,
             title="Full Interrogation of captured Azerbaijani Syrian Mercenary"),
    CitedUrl("thegrayzone.com/2021/02/26/syrian-rebelsnagorno-karabakh-turkey/",
             "https://thegrayzone.com/2021/02/26/syrian-rebels-nagorno-karabakh-turkey/",
             Fate.ALIVE, "'rebelsnagorno' is 'rebels' + 'nagorno' (Nagorno-Karabakh follows)",
             "Ex-Syrian rebels recount Nagorno-Karabakh nightmare", archived=Archived.AROUND),
    CitedUrl(
        "www.theguardian.com/world/2020/oct/02/syrian-recruit-describes-role-of-foreign-fightersin-nagorno-karabakh",
        "https://www.theguardian.com/world/2020/oct/02/syrian-recruit-describes-role-of-foreign-fighters-in-nagorno-karabakh",
        Fate.ALIVE, "title '…foreign fighters in Nagorno-Karabakh'",
        "Syrian recruit describes role of foreign fighters in Nagorno-Karabakh", archived=Archived.AROUND),
    CitedUrl("www.ohchr.org/EN/NewsEvents/Pages/DisplayNews.aspx?NewsID=26494&LangID=E",
             "https://www.ohchr.org/EN/NewsEvents/Pages/DisplayNews.aspx?NewsID=26494&LangID=E",
             Fate.MOVED, title="Mercenaries in and around the Nagorno-Karabakh conflict zone must be withdrawn",
             moved_to="https://www.ohchr.org/en/press-releases/2020/11/mercenaries-and-around-nagorno-karabakh-conflict-zone-must-be-withdrawn-un"),
    CitedUrl(
        "www.theguardian.com/world/2020/sep/28/syrian-rebel-fighters-prepare-todeploy-to-azerbaijan-in-sign-of-turkeys-ambition",
        "https://www.theguardian.com/world/2020/sep/28/syrian-rebel-fighters-prepare-to-deploy-to-azerbaijan-in-sign-of-turkeys-ambition",
        Fate.ALIVE, "title '…prepare to deploy to Azerbaijan…'",
        "Syrian rebel fighters prepare to deploy to Azerbaijan in sign of Turkey's ambition",
        archived=Archived.AROUND),
    CitedUrl(
        "www.washingtonpost.com/world/middle_east/azerbaijan-armenia-turkey-nagorno-karabakh/2020/10/13/2cdca1e608bf-11eb-8719-0df159d14794_story.html",
        "https://www.washingtonpost.com/world/middle_east/azerbaijan-armenia-turkey-nagorno-karabakh/2020/10/13/2cdca1e6-08bf-11eb-8719-0df159d14794_story.html",
        Fate.ALIVE, "a UUID: 8-4-4-4-12 hex digits, the first hyphen lost at the line break",
        "Deaths of Syrian mercenaries show how Turkey, Russia could get sucked into Nagorno-Karabakh conflict",
        archived=Archived.AROUND),
    CitedUrl("www.wsj.com/articles/turkishbacked-syrian-fighters-join-armenian-azeri-conflict-11602625885",
             "https://www.wsj.com/articles/turkish-backed-syrian-fighters-join-armenian-azeri-conflict-11602625885",
             Fate.BOT_WALL, "title 'Turkish-Backed Syrian Fighters…'", archived=Archived.AROUND),
    CitedUrl("foreignpolicy.com/2020/10/05/nagorno-karabakh-syrians-turkey-armenia-azerbaijan/",
             "https://foreignpolicy.com/2020/10/05/nagorno-karabakh-syrians-turkey-armenia-azerbaijan/",
             Fate.BOT_WALL),
    CitedUrl("en.armradio.am/2021/03/12/impunity-inspires-and-entails-new-crimesarmenian-fm-tells-al-arabiya/",
             "https://en.armradio.am/2021/03/12/impunity-inspires-and-entails-new-crimes-armenian-fm-tells-al-arabiya/",
             Fate.ALIVE, "title '…new crimes, Armenian FM tells…'",
             "Impunity inspires and entails new crimes, Armenian FM tells Al Arabiya", archived=Archived.AROUND),
    CitedUrl("mirrorspectator.com/2021/01/21/armenian-ambassador-to-un-azerbaijans-actions-setdangerous-precedent/",
             "https://mirrorspectator.com/2021/01/21/armenian-ambassador-to-un-azerbaijans-actions-set-dangerous-precedent/",
             Fate.ALIVE, "'setdangerous' is 'set dangerous', split at the line break",
             "Armenian Ambassador to UN: Azerbaijan's Actions Set Dangerous Precedent", archived=Archived.AROUND),
    CitedUrl("artsakhombuds.am/en/document/735", "https://artsakhombuds.am/en/document/735",
             Fate.HANGING, archived=Archived.AROUND),
    CitedUrl("anccanada.org/wpcontent/uploads/2020/12/The-Case-for-Canadas-Recognition-of-Artsakh-under-R2P-25-Nov-2020.pdf",
             "https://anccanada.org/wp-content/uploads/2020/12/The-Case-for-Canadas-Recognition-of-Artsakh-under-R2P-25-Nov-2020.pdf",
             Fate.ALIVE, "WordPress's upload folder is 'wp-content'",
             "The Case for Canada's Recognition of Artsakh", archived=Archived.AROUND),
    CitedUrl("web.archive.org/web/20130921072548/http:/hudoc.fcnm.coe.int/XMLEcri/ENGLISH/Cycle_03/03_CbC_eng/AZECbC-III-2007-22-ENG.pdf",
             "https://web.archive.org/web/20130921072548/http:/hudoc.fcnm.coe.int/XMLEcri/ENGLISH/Cycle_03/03_CbC_eng/AZECbC-III-2007-22-ENG.pdf",
             Fate.ALIVE, title="ECRI second report on Azerbaijan"),
    CitedUrl("en.president.az/articles/48788", "https://en.president.az/articles/48788",
             Fate.SOFT404_TITLE, lang="az", archived=Archived.AROUND),
    CitedUrl("www.france24.com/en/asia-pacific/20201210-one-nation-two-states-on-display-aserdogan-visits-azerbaijan-for-karabakh-victory-parade",
             "https://www.france24.com/en/asia-pacific/20201210-one-nation-two-states-on-display-as-erdogan-visits-azerbaijan-for-karabakh-victory-parade",
             Fate.ALIVE, "'aserdogan' is 'as Erdogan'", "'One nation, two states' on display as Erdogan visits Azerbaijan",
             archived=Archived.AROUND),
    CitedUrl("twitter.com/shahidovcom/status/1343307208218574848",
             "https://twitter.com/shahidovcom/status/1343307208218574848", Fate.LOGIN_WALL),
    CitedUrl("twitter.com/301_AD/status/1338048963329585156",
             "https://twitter.com/301_AD/status/1338048963329585156", Fate.LOGIN_WALL),
    CitedUrl("en.president.az/articles/14805", "https://en.president.az/articles/14805", Fate.GONE,
             archived=Archived.AFTER),
    CitedUrl(DB + "AADsfV2TAHhR3Y8wFQXppqda/" + CRIMES + "Beheadings/Case%201%20-%20Civilian%20Genadi%20Petrosyan%2069%20(verified%20by%20Amnesty%20%26%20The%20Guardian)?dl=0&subfolder_nav_tracking=1",
             "https://" + DB + "AADsfV2TAHhR3Y8wFQXppqda/" + CRIMES + "Beheadings/Case%201%20-%20Civilian%20Genadi%20Petrosyan%2069%20(verified%20by%20Amnesty%20%26%20The%20Guardian)?dl=0&subfolder_nav_tracking=1",
             Fate.ALIVE, title="Case 1 - Civilian Genadi Petrosyan 69"),
    CitedUrl("oc-media.org/amnesty-international-verifies-gruesome-atrocityvideos/?fbclid=IwAR0FYQqk1AaH_sOidlfadJMT2NhYzjTvR3GJlBbv1_XeCZzcapLv0yc5bIk",
             "https://oc-media.org/amnesty-international-verifies-gruesome-atrocity-videos/?fbclid=IwAR0FYQqk1AaH_sOidlfadJMT2NhYzjTvR3GJlBbv1_XeCZzcapLv0yc5bIk",
             Fate.ALIVE, "title '…gruesome atrocity videos'", "Amnesty International verifies 'gruesome' atrocity videos",
             archived=Archived.AROUND),
    CitedUrl(DB + "AADB5lf3GPvnWewvaYo6H9za/" + CRIMES + "Beheadings/Case%203%20-%20Civilian%20Yuri%20Asryan%2082-yearold%20village%20of%20Azokh%20(verified%20by%20Amnesty%20%26%20The%20Guardian)?dl=0&preview=Yuri+Asryan+82-year-old+village+of+Azokh+per+TheGuardian.mp4&subfolder_nav_tracking=1",
             "https://" + DB + "AADB5lf3GPvnWewvaYo6H9za/" + CRIMES + "Beheadings/Case%203%20-%20Civilian%20Yuri%20Asryan%2082-year-old%20village%20of%20Azokh%20(verified%20by%20Amnesty%20%26%20The%20Guardian)?dl=0&preview=Yuri+Asryan+82-year-old+village+of+Azokh+per+TheGuardian.mp4&subfolder_nav_tracking=1",
             Fate.ALIVE, "'82-yearold': the same URL's preview name and the body text print '82-year-old'",
             "Case 3 - Civilian Yuri Asryan 82-year-old", archived=Archived.AROUND),
    CitedUrl("mobile.twitter.com/ASBMilitary/status/1338033137209765888",
             "https://mobile.twitter.com/ASBMilitary/status/1338033137209765888", Fate.LOGIN_WALL),
    CitedUrl("www.bellingcat.com/news/restof-world/2020/10/15/an-execution-in-hadrut-karabakh/",
             "https://www.bellingcat.com/news/rest-of-world/2020/10/15/an-execution-in-hadrut-karabakh/",
             Fate.ALIVE, "Bellingcat's section is 'rest-of-world' ('restof' is no word)",
             "An Execution in Hadrut", archived=Archived.AROUND),
    CitedUrl(DB + "AAC9NCq7mWeYuUhcX6IFirOHa/" + CRIMES + "Executions/Hadrut%20Execution%20-%20Bellingcat%20Verified?dl=0&subfolder_nav_tracking=1",
             "https://" + DB + "AAC9NCq7mWeYuUhcX6IFirOHa/" + CRIMES + "Executions/Hadrut%20Execution%20-%20Bellingcat%20Verified?dl=0&subfolder_nav_tracking=1",
             Fate.ALIVE, title="Hadrut Execution - Bellingcat Verified"),
    CitedUrl(DB + "AADG3RgaDJ5CIWsoNrVbWPqya/" + CRIMES + "Captured%20Civilians%20-%20Torture%2C%20Humiliation%2C%20mutilation%20%26%20Execution/Civilian%20killed%20in%20Martuni?dl=0&preview=EkJ4oxKX0AI9gJH.jpg&subfolder_nav_tracking=1",
             "https://" + DB + "AADG3RgaDJ5CIWsoNrVbWPqya/" + CRIMES + "Captured%20Civilians%20-%20Torture%2C%20Humiliation%2C%20mutilation%20%26%20Execution/Civilian%20killed%20in%20Martuni?dl=0&preview=EkJ4oxKX0AI9gJH.jpg&subfolder_nav_tracking=1",
             Fate.ALIVE, title="EkJ4oxKX0AI9gJH.jpg"),
    CitedUrl("t.me/kolorit_18/173", "https://t.me/kolorit_18/173", Fate.ALIVE,
             title="Missing soldiers: families say their sons were not found among the released"),
    CitedUrl(DB + "AABxKSUKGJoHQU2sjiT3wKm5a/" + CRIMES + "Executions/Execution%20of%20Wounded%20in%20Trenches?dl=0&subfolder_nav_tracking=1",
             "https://" + DB + "AABxKSUKGJoHQU2sjiT3wKm5a/" + CRIMES + "Executions/Execution%20of%20Wounded%20in%20Trenches?dl=0&subfolder_nav_tracking=1",
             Fate.SOFT404_CATCHALL, archived=Archived.AROUND),
    CitedUrl(DB + "AADOwe9igH234Zw95dUN3yoPa/" + CRIMES + "Mutilating%20the%20Dead?dl=0&subfolder_nav_tracking=1",
             "https://" + DB + "AADOwe9igH234Zw95dUN3yoPa/" + CRIMES + "Mutilating%20the%20Dead?dl=0&subfolder_nav_tracking=1",
             Fate.ALIVE, title="Mutilating the Dead"),
    CitedUrl(DB + "AAAjElwpwvXt5O0xhLkxBkGHa/" + CRIMES + "Desecrating%20Dead%20Bodies?dl=0&preview=6.+Signs+for+Execution%2C+some+handcuffed%2C+no+pants.mp4&subfolder_nav_tracking=1",
             "https://" + DB + "AAAjElwpwvXt5O0xhLkxBkGHa/" + CRIMES + "Desecrating%20Dead%20Bodies?dl=0&preview=6.+Signs+for+Execution%2C+some+handcuffed%2C+no+pants.mp4&subfolder_nav_tracking=1",
             Fate.ALIVE, title="6. Signs for Execution"),
    CitedUrl(DB + "AAAjElwpwvXt5O0xhLkxBkGHa/" + CRIMES + "Desecrating%20Dead%20Bodies?dl=0&preview=3.+In+Many+Videos+Bodies+Are+Half+Naked.MP4&subfolder_nav_tracking=1",
             "https://" + DB + "AAAjElwpwvXt5O0xhLkxBkGHa/" + CRIMES + "Desecrating%20Dead%20Bodies?dl=0&preview=3.+In+Many+Videos+Bodies+Are+Half+Naked.MP4&subfolder_nav_tracking=1",
             Fate.ALIVE, title="3. In Many Videos Bodies Are Half Naked"),
    CitedUrl(DB + "AAD_Uceu2nF_XfS1UkQ8QuHYa/" + CRIMES + "Executions/Execution%20of%20POWs?dl=0&subfolder_nav_tracking=1",
             "https://" + DB + "AAD_Uceu2nF_XfS1UkQ8QuHYa/" + CRIMES + "Executions/Execution%20of%20POWs?dl=0&subfolder_nav_tracking=1",
             Fate.SOFT404_CATCHALL, archived=Archived.AROUND),
    CitedUrl(DB + "AAAaG8V2B0Bd2I3pta6NAWY1a/" + CRIMES + "Desecrating%20Dead%20Bodies/Images?dl=0&subfolder_nav_tracking=1",
             "https://" + DB + "AAAaG8V2B0Bd2I3pta6NAWY1a/" + CRIMES + "Desecrating%20Dead%20Bodies/Images?dl=0&subfolder_nav_tracking=1",
             Fate.ALIVE, title="Images"),
    CitedUrl(DB + "AAAjElwpwvXt5O0xhLkxBkGHa/Crimes%20Against%20POWs%2C%", None,
             Fate.SOFT404_CATCHALL, "the text ends inside the URL; its file name is printed "
             "only as '7. Text on Youtube says Surkhanov …arbage.mp4': not recoverable"),
    # -- seed 003 (NGO report; notes name the work, the URLs are printed in blocks) ------------
    CitedUrl("https://www.hrw.org/news/2021/03/19/azerbaijan-armenian-pows-abused-custody",
             "https://www.hrw.org/news/2021/03/19/azerbaijan-armenian-pows-abused-custody",
             Fate.ALIVE, title="Azerbaijan: Armenian POWs Abused in Custody"),
    CitedUrl("https://en.armradio.am/2021/06/20/the-rights-of-the-armenians-of-artsakh-have-not-yet-been-%20restored-mfa-issues-statement-on-world-refugee-day",
             "https://en.armradio.am/2021/06/20/the-rights-of-the-armenians-of-artsakh-have-not-yet-been-restored-mfa-issues-statement-on-world-refugee-day",
             Fate.ALIVE, "'%20' is the line break of the original, inside a hyphenated slug",
             "The rights of the Armenians of Artsakh have not yet been restored", archived=Archived.AROUND),
    CitedUrl("https://www.iphronline.org/wp-content/uploads/2021/06/NK_final_report_2021.pdf",
             "https://www.iphronline.org/wp-content/uploads/2021/06/NK_final_report_2021.pdf",
             Fate.GONE, archived=Archived.AROUND),
    CitedUrl("https://www.hrw.org/news/2021/03/12/survivors-unlawful-detention-nagorno-karabakh-speak-out-about-war-crimes",
             "https://www.hrw.org/news/2021/03/12/survivors-unlawful-detention-nagorno-karabakh-speak-out-about-war-crimes",
             Fate.ALIVE, title="Survivors of unlawful detention in Nagorno-Karabakh speak out about war crimes"),
    CitedUrl("https://www.hrw.org/news/2020/10/23/azerbaijan-cluster-munitions-used-nagorno-karabakh",
             "https://www.hrw.org/news/2020/10/23/azerbaijan-cluster-munitions-used-nagorno-karabakh",
             Fate.ALIVE, title="Azerbaijan: Cluster Munitions Used in Nagorno-Karabakh"),
    CitedUrl("https://ihl-databases.icrc.org/customary-ihl/eng/docindex/v1_rul_rule113",
             "https://ihl-databases.icrc.org/customary-ihl/eng/docindex/v1_rul_rule113",
             Fate.MOVED, title="Rule 113. Treatment of the Dead",
             moved_to="https://ihl-databases.icrc.org/en/customary-ihl/v1/rule113"),
    CitedUrl("https://ihl-databases.icrc.org/customary-ihl/eng/docs/v1_rul_rule2",
             "https://ihl-databases.icrc.org/customary-ihl/eng/docs/v1_rul_rule2",
             Fate.MOVED, title="Rule 2. Violence Aimed at Spreading Terror among the Civilian Population",
             moved_to="https://ihl-databases.icrc.org/en/customary-ihl/v1/rule2"),
    CitedUrl("https://ihl-databases.icrc.org/ihl/WebART/380-600056",
             "https://ihl-databases.icrc.org/ihl/WebART/380-600056", Fate.GONE, archived=Archived.AFTER),
    CitedUrl("https://ihl-databases.icrc.org/customary-ihl/eng/docs/v1_rul_rule12",
             "https://ihl-databases.icrc.org/customary-ihl/eng/docs/v1_rul_rule12",
             Fate.MOVED, title="Rule 12. Definition of Indiscriminate Attacks",
             moved_to="https://ihl-databases.icrc.org/en/customary-ihl/v1/rule12"),
    CitedUrl("https://rm.coe.int/commdhgovrep-2021-14-comments-by-the-republic-of-armenia/1680a46e9d",
             "https://rm.coe.int/commdhgovrep-2021-14-comments-by-the-republic-of-armenia/1680a46e9d",
             Fate.ALIVE, title="Comments of the Republic of Armenia"),
    CitedUrl("https://www.panorama.am/en/news/2016/05/10/presidential-candidate/1576832",
             "https://www.panorama.am/en/news/2016/05/10/presidential-candidate/1576832",
             Fate.ALIVE, title="Azerbaijani former presidential candidate"),
    CitedUrl("https://www.hrw.org/news/2021/09/08/lessons-war", "https://www.hrw.org/news/2021/09/08/lessons-war",
             Fate.SOFT404_TITLE, archived=Archived.AROUND),
    CitedUrl("http://arka.am/en/news/politics/more_than_30_thousand_children_in_armenia_cannot_go_to_schools_and_kindergartens_because_of_azerbaij/",
             "http://arka.am/en/news/politics/more_than_30_thousand_children_in_armenia_cannot_go_to_schools_and_kindergartens_because_of_azerbaij/",
             Fate.SOFT404_TITLE, lang="ru", archived=Archived.AROUND),
    CitedUrl("https://armenpress.am/eng/news/1099851.html", "https://armenpress.am/eng/news/1099851.html",
             Fate.ALIVE, title="Current situation in Artsakh is a violation of children's fundamental rights"),
    # -- seed 004 (a news page saved as text; bare links at the end) ---------------------------
    CitedUrl("https://www.themoscowtimes.com/2020/12/10/evidence-of-widespread-atrocities-emerges-following-k",
             "https://www.themoscowtimes.com/2020/12/10/evidence-of-widespread-atrocities-emerges-following-karabakh-war-a72312",
             Fate.ALIVE, "cut at the page's edge; its tail 'arabakh-war-a72312' is the document's last "
             "line, and the title reads '…Emerges Following Karabakh War'",
             "Evidence of Widespread Atrocities Emerges Following Karabakh War", archived=Archived.AROUND),
    CitedUrl("https://www.facebook.com/Rustemzadeh13/posts/430147201490409",
             "https://www.facebook.com/Rustemzadeh13/posts/430147201490409", Fate.LOGIN_WALL),
    CitedUrl("https://www.themoscowtimes.com/2025/02/22/karabakh-rivals-adjust-to-life-along-new-borders",
             "https://www.themoscowtimes.com/2025/02/22/karabakh-rivals-adjust-to-life-along-new-borders",
             Fate.ALIVE, title="Karabakh rivals adjust to life along new borders"),
    CitedUrl("https://twitter.com/ryanmofarrell/status/1336058011765370881",
             "https://twitter.com/ryanmofarrell/status/1336058011765370881", Fate.LOGIN_WALL),
    CitedUrl("https://eurasianet.org/perspectives-why-i-map-the-karabakh-war",
             "https://eurasianet.org/perspectives-why-i-map-the-karabakh-war", Fate.ALIVE,
             title="Perspectives | Why I map the Karabakh war"),
    CitedUrl("https://twitter.com/ryanmofarrell/status/1334617218496290816",
             "https://twitter.com/ryanmofarrell/status/1334617218496290816", Fate.LOGIN_WALL),
    CitedUrl("https://www.facebook.com/elvin.basqalli/posts/4311309175552683",
             "https://www.facebook.com/elvin.basqalli/posts/4311309175552683", Fate.LOGIN_WALL),
)

BY_PRINTED = {u.printed: u for u in URLS}


def c1(n: str, lines: tuple[int, int], printed: str, seen: Seen) -> Citation:
    return Citation(D1, n, lines, printed, seen)


def c3(n: str, lines: tuple[int, int], printed: str, seen: Seen) -> Citation:
    return Citation(D3, n, lines, printed, seen)


def c4(line: int, printed: str) -> Citation:
    return Citation(D4, None, (line, line), printed, TODAY)


def _p(fragment: str) -> str:
    """The one printed URL containing ``fragment`` (keeps the table below readable)."""
    [hit] = [u.printed for u in URLS if fragment in u.printed]
    return hit


IBID_10 = pub("1990-09-27", "Ibid. repeats note 10, whose own date is 27 September 1990")
PARENTHETICAL = pub("2020-10-18", "inside the publisher parenthetical '(Stepanakert: 18 October 2020)'")

CITATIONS: tuple[Citation, ...] = (
    c1("1", (11, 12), _p("calvertjournal"), pub("2021-01-12")),
    c1("2", (14, 15), _p("huffingtonpost"), pub("2015-11-17")),
    c1("9", (64, 65), _p("nkr.am"), LATEST_1),
    c1("10", (67, 68), _p("nybooks"), pub("1990-09-27")),
    c1("11", (70, 70), _p("nybooks"), IBID_10),
    c1("12", (72, 72), _p("nybooks"), IBID_10),
    c1("13", (74, 75), _p("unhcr"), pub("1996-05-01")),
    c1("14", (77, 78), _p("anca.org"), LATEST_1),
    c1("79", (239, 239), _p("CJVnAyFnHEg"), pub("2020-12-28")),
    c1("82", (241, 242), _p("CIkT7IkHR_X"), pub("2020-12-09")),
    c1("87", (278, 279), "www.hrw.org/news/2020/10/23/azerbaijan-cluster-munitions-used-nagorno-karabakh",
       pub("2020-10-23")),
    c1("88", (281, 282), _p("chemical-weapons"), pub("2020-12-10")),
    c1("92", (293, 295), _p("youtube"), pub("2020-11-03")),
    c1("95", (320, 321), _p("thegrayzone"), pub("2021-02-26")),
    c1("96", (323, 334), _p("oct/02"), pub("2020-10-02")),
    c1("96", (323, 334), _p("ohchr"), pub("2020-11-11", "'See also' part with its own date")),
    c1("96", (323, 334), _p("sep/28"), pub("2020-09-28")),
    c1("96", (323, 334), _p("washingtonpost"), pub("2020-10-14")),
    c1("96", (323, 334), _p("wsj.com"), pub("2020-10-14")),
    c1("96", (323, 334), _p("foreignpolicy"), pub("2020-10-05")),
    c1("97", (336, 337), _p("crimesarmenian"), pub("2021-03-12")),
    c1("100", (369, 370), _p("setdangerous"), pub("2021-01-21")),
    c1("101", (372, 374), _p("artsakhombuds"), PARENTHETICAL),
    c1("102", (400, 401), _p("anccanada"), pub("2020-11-25")),
    c1("104", (425, 427), _p("web.archive.org"), pub("2007-05-24")),
    c1("110", (450, 451), _p("articles/48788"), pub("2020-12-10")),
    c1("111", (453, 454), _p("france24"), pub("2020-12-10")),
    c1("112", (456, 458), _p("shahidovcom"), pub("2020-12-27")),
    c1("113", (469, 472), _p("301_AD"), pub("2020-12-13")),
    c1("114", (498, 500), _p("articles/14805"), pub("2015-04-10")),
    c1("115", (511, 514), _p("AADsfV2"), LATEST_1),
    c1("116", (523, 528), _p("oc-media"), pub("2020-12-10")),
    c1("116", (523, 528), _p("AADB5lf3"), note("2020-12-10", "the video is cited in note 116's "
                                               "'Also see' part; the note's first part is dated")),
    c1("118", (540, 543), _p("ASBMilitary"), pub("2020-12-13")),
    c1("120", (559, 563), _p("bellingcat"), pub("2020-10-15")),
    c1("120", (559, 563), _p("AAC9NCq7"), note("2020-10-15", "the video is cited in note 120's "
                                               "'Also see' part; the note's first part is dated")),
    c1("121", (565, 569), _p("AADG3Rga"), LATEST_1),
    c1("122", (582, 583), _p("kolorit"), LATEST_1),
    c1("125", (591, 594), _p("AABxKSUK"), LATEST_1),
    c1("126", (599, 601), _p("AADOwe9i"), LATEST_1),
    c1("127", (609, 612), _p("preview=6."), LATEST_1),
    c1("128", (614, 617), _p("preview=3."), LATEST_1),
    c1("129", (626, 629), _p("AAD_Uceu"), LATEST_1),
    c1("131", (638, 641), _p("AAAaG8V2"), LATEST_1),
    c1("132", (643, 644), DB + "AAAjElwpwvXt5O0xhLkxBkGHa/Crimes%20Against%20POWs%2C%", LATEST_1),
    c3("3", (49, 49), _p("pows-abused-custody"), pub("2020-11-08", "the note prints 08 November 2020")),
    c3("4", (95, 96), _p("%20restored"), pub("2021-06-20")),
    c3("5", (97, 98), _p("iphronline"), pub("2021-05", "the note prints 'May 2021'")),
    c3("6", (99, 99), _p("survivors-unlawful"), pub("2021-03-12")),
    c3("7", (100, 100), _p("survivors-unlawful"), pub("2021-03-12", "Ibid. repeats note 6")),
    c3("8", (101, 101), _p("rule113"), LATEST_3),
    c3("9", (152, 152), _p("rule2"), LATEST_3),
    c3("10", (153, 153), _p("380-600056"), pub("1949-08-12", "the Convention's date 'Geneva, "
                                                "12 August 1949' is the cited work's own date")),
    c3("11", (154, 154), _p("rule12"), LATEST_3),
    c3("12", (155, 155), "https://www.hrw.org/news/2020/10/23/azerbaijan-cluster-munitions-used-nagorno-karabakh",
       pub("2020-10-23")),
    c3("13", (156, 157), _p("rm.coe.int"), pub("2021-11-05")),
    c3("16", (213, 213), _p("panorama"), pub("2016-05-10")),
    c3("19", (310, 310), _p("lessons-war"), pub("2021-09-08")),
    c3("20", (311, 312), _p("arka.am"), pub("2022-09-19")),
    c3("21", (313, 314), _p("armenpress"), pub("2022-12-16")),
    c4(115, _p("following-k")),
    c4(117, _p("Rustemzadeh13")),
    c4(118, _p("2025/02/22")),
    c4(119, _p("1336058011765370881")),
    c4(120, _p("eurasianet")),
    c4(121, _p("eurasianet")),
    c4(122, _p("1334617218496290816")),
    c4(123, _p("elvin.basqalli")),
)



def seen_days(true_url: str, today: date) -> list[date]:
    """The dates on which the citations of ``true_url`` saw it."""
    return [c.seen.date(today) for c in CITATIONS if BY_PRINTED[c.printed].true == true_url]


def capture_days(url: CitedUrl, today: date) -> list[date]:
    """The captures the stand-in holds for ``url``'s true URL."""
    if url.true is None or url.archived is Archived.NONE:
        return []
    days: set[date] = set()
    months = {c.seen.day for c in CITATIONS
              if BY_PRINTED[c.printed].true == url.true and c.seen.day and len(c.seen.day) == 7}
    for seen in seen_days(url.true, today):
        days.update(around(seen, today) if url.archived is Archived.AROUND else after_only(seen, today))
    # a date printed as a month says nothing about days inside it: no capture there
    return sorted(d for d in days if d.isoformat()[:7] not in months)


def build(today: date) -> World:
    """The seeds' world: every true URL planted with its fate and captures, every damaged
    spelling left to its host (an honest host answers 404)."""
    world = World(hang_seconds=6.0)
    for url in URLS:
        if url.true is None:
            world.site(absolute(url.printed).split("/")[2], HOST_KIND_OF.get(url.fate))
            continue
        world.plant(url.true, url.fate, title=url.title, moved_to=url.moved_to, lang=url.lang)
        world.capture(url.true, capture_days(url, today))
        if url.damaged:
            world.site(absolute(url.printed).split("/")[2])
    return world


SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def url_lines(c: Citation) -> frozenset[int]:
    """Lines of the seed text where the citation's URL begins (seed 003 prints its URLs
    apart from its notes)."""
    head = c.printed.removeprefix("https://").removeprefix("http://")[:40]
    text = (SEEDS / c.document).read_text().splitlines()
    return frozenset(i for i, line in enumerate(text, 1) if head in line)


def expects(today: date) -> list[Expect]:
    """What the report must say, one entry per report row: citations of one URL in one
    note (or, for body links, in one document) make one row, the first one's."""
    out: dict[tuple[str, str | None, str], Expect] = {}
    for c in CITATIONS:
        url = BY_PRINTED[c.printed]
        seen = c.seen.date(today)
        capture = expected_capture(capture_days(url, today), seen) if url.fate in FAILING else None
        e = Expect(
            document=c.document, note=c.note, printed=c.printed, true=url.true, fate=url.fate,
            damaged=url.damaged, lines=frozenset(range(c.lines[0], c.lines[1] + 1)) | url_lines(c),
            seen_day=c.seen.day or today.isoformat(), seen_source=str(c.seen.source),
            capture=capture,
        )
        out.setdefault(e.key, e)
    return list(out.values())
