"""The spaces of Gemeente Zuiderveld: the fixed ones every demo has, and what the others are made of.

Plain data, like :mod:`plein.demo.vocabulary`; :mod:`plein.demo.plan_spaces`
decides how many of each a demo of a given size gets.
"""

from __future__ import annotations

from dataclasses import dataclass

from plein.demo.vocabulary import STADSWERF

# Owner roles of the fixed demo accounts (DemoAccount.role).
EMPLOYEE, EDITOR, COMMUNITY_MANAGER, ADMINISTRATOR = "employee", "editor", "community manager", "administrator"

# The organisation-wide announcement space: everyone is a member, only owners and moderators post.
ORGANISATION_WIDE = "organisation"


@dataclass(frozen=True)
class SpaceSpec:
    """A space every demo has, with its policies and, for some, its demo owner."""

    name: str
    kind: str  # SpaceKind value
    description: str
    about: str = ""
    visibility: str = "open"
    join_policy: str = "anyone"
    posting: str = "members"
    members_can_invite: bool = True
    department: str | None = None  # a DepartmentSpec.name
    auto: str = ""  # ORGANISATION_WIDE, or a LocationSpec.name whose people all join
    owner: str = ""  # a DemoAccount.role that owns the space
    moderator: str = ""  # a DemoAccount.role that moderates it
    pending_request: str = ""  # a colleague's message asking to join (the owner answers it)
    requested_by: str = ""  # a DemoAccount.role that asked to join and waits for an answer
    guest: bool = False  # the demo guest is a member here
    archived: bool = False
    scale: float = 1.0  # relative size: below 1 for small circles, above 1 for popular spaces


FIXED_SPACES: tuple[SpaceSpec, ...] = (
    SpaceSpec(
        "Mededelingen",
        "other",
        "Officiële mededelingen voor alle medewerkers van Gemeente Zuiderveld.",
        "Hier plaatsen Communicatie en de directie berichten die iedereen aangaan: roosters rond "
        "feestdagen, storingen, verhuizingen en besluiten van het college.\n\n"
        "Iedereen is automatisch lid. Reageren mag, berichten plaatsen doen de beheerders.",
        posting="moderators",
        members_can_invite=False,
        department="Communicatie",
        auto=ORGANISATION_WIDE,
        owner=COMMUNITY_MANAGER,
        moderator=EDITOR,
    ),
    SpaceSpec(
        "Op de Stadswerf",
        "other",
        "Voor iedereen die op de Stadswerf werkt: rooster, materieel, kantine en veiligheid.",
        "Iedereen met de Stadswerf als werkplek is automatisch lid.",
        department="Openbare Ruimte",
        auto=STADSWERF,
    ),
    SpaceSpec(
        "Omgevingswet invoering",
        "project",
        "Samen de Omgevingswet invoeren: omgevingsplan, werkprocessen en participatie.",
        "Het projectteam werkt aan het omgevingsplan, past werkprocessen en zaaktypen aan en "
        "organiseert de participatie met inwoners. Adviseurs van de partnergemeente denken als gast mee.\n\n"
        "Meedoen? Vraag lidmaatschap aan en vertel waar je aan werkt.",
        visibility="closed",
        join_policy="request",
        department="Ruimtelijke Ordening",
        owner=EMPLOYEE,
        pending_request="Ik werk bij Vergunningen aan de nieuwe werkprocessen en wil graag meelezen.",
        guest=True,
        scale=0.6,
    ),
    SpaceSpec(
        "Schrijfcafé: helder schrijven",
        "community",
        "Tips, voorbeelden en feedback om brieven en webteksten in B1-taal te schrijven.",
        "Elke maand een schrijfcafé in het Stadhuis, en hier het hele jaar door: leg je tekst voor "
        "en krijg feedback van collega's.",
        join_policy="request",
        department="Communicatie",
        owner=EDITOR,
        pending_request="Wij herschrijven de brieven van Belastingen; ik wil graag meedoen.",
    ),
    SpaceSpec(
        "Intranetambassadeurs",
        "community",
        "Ambassadeurs helpen collega's op weg met Plein en delen wat werkt.",
        "Ben je enthousiast over Plein en wil je collega's in je afdeling helpen? Vraag lidmaatschap aan.",
        visibility="closed",
        join_policy="request",
        department="Communicatie",
        owner=COMMUNITY_MANAGER,
        pending_request="Ik wil graag ambassadeur worden voor het Klantcontactcentrum.",
        scale=0.4,
    ),
    SpaceSpec(
        "Data & GIS",
        "community",
        "Kaarten, dashboards en data-analyse: vragen, tips en mooie voorbeelden.",
        "Voor iedereen die werkt met GIS, Power BI, Python of Excel. Lid worden op aanvraag, "
        "zodat we weten wie er meedoet.",
        join_policy="request",
        department="Strategie en Onderzoek",
        owner=ADMINISTRATOR,
        pending_request="Ik maak kaarten voor wijkbeheer en wil graag aansluiten.",
    ),
    SpaceSpec(
        "Duurzaamheid",
        "community",
        "Duurzaam werken en leven: van zonnepanelen op het Stadhuis tot de fietsregeling.",
        department="Milieu en Duurzaamheid",
        scale=2.5,
    ),
    SpaceSpec(
        "Jong Zuiderveld",
        "community",
        "Het netwerk voor jonge collega's en trainees: borrels, kennissessies en elkaar leren kennen.",
        scale=1.5,
    ),
    SpaceSpec(
        "Nieuwe werkplekken Stadskantoor",
        "project",
        "De verbouwing van het Stadskantoor: planning, verhuizing en de nieuwe werkplekken.",
        "Volg hier de verbouwing en de verhuizing per afdeling. Vragen over je nieuwe werkplek kun je hier stellen.",
        department="Facilitaire Zaken",
        scale=3.0,
    ),
    SpaceSpec(
        "Vervanging zaaksysteem",
        "project",
        "Het nieuwe zaaksysteem: aanbesteding, inrichting, migratie en training.",
        visibility="closed",
        join_policy="request",
        department="ICT",
        requested_by=EMPLOYEE,
    ),
    SpaceSpec(
        "Informatiebeveiliging en privacy",
        "community",
        "Veilig werken met informatie: phishing, datalekken en de AVG in de praktijk.",
        department="Juridische Zaken",
    ),
    SpaceSpec(
        "Vertrouwenspersonen",
        "other",
        "Overleg van de vertrouwenspersonen.",
        visibility="secret",
        join_policy="invitation",
        members_can_invite=False,
        department="HR",
        scale=0.1,
    ),
    SpaceSpec(
        "Reorganisatie Bedrijfsvoering",
        "project",
        "Voorbereiding van de nieuwe organisatie van Bedrijfsvoering (vertrouwelijk).",
        visibility="secret",
        join_policy="invitation",
        members_can_invite=False,
        department="HR",
        scale=0.2,
    ),
    SpaceSpec(
        "Gemeenteraadsverkiezingen 2026",
        "project",
        "De organisatie van de verkiezingen van maart 2026: stembureaus, leden en uitslag.",
        department="Burgerzaken",
        archived=True,
    ),
)

# What generated spaces are made of: "<prefix> <place>", each with the department that runs it
# and a description in which {place} is filled in.


@dataclass(frozen=True)
class Pattern:
    prefixes: tuple[str, ...]
    places: tuple[str, ...]
    department: str | None
    description: str


STREETS = (
    "Marktplein",
    "Stationsplein",
    "Kerkstraat",
    "Havenweg",
    "Dorpsstraat",
    "Molenweg",
    "Schoolstraat",
    "Raadhuisplein",
    "Weidelaan",
    "Horsterpad",
    "Industrieweg",
    "Julianastraat",
    "Oranjelaan",
    "Parkweg",
    "Kanaaldijk",
    "Beukenlaan",
    "Vondelstraat",
    "Sluisweg",
    "Noorderbrug",
    "Zuiderhaven",
)
NEIGHBOURHOODS = (
    "De Horst",
    "Oosterweide",
    "Het Veld",
    "Noorderpark",
    "Binnenstad",
    "Hofkwartier",
    "De Akkers",
    "Molenwijk",
    "Zuiderhaven",
    "Groenewoud",
    "Kloosterveen",
    "Westerbroek",
)
PROJECT_PATTERNS: tuple[Pattern, ...] = (
    Pattern(
        ("Herinrichting", "Groot onderhoud", "Vervanging riolering", "Verkeersveiligheid"),
        STREETS,
        "Openbare Ruimte",
        "Het project {place}: ontwerp, planning, bewonersavonden en uitvoering.",
    ),
    Pattern(
        ("Wijkaanpak", "Warmtetransitie", "Speelruimteplan", "Buurtbudget"),
        NEIGHBOURHOODS,
        "Sociaal Domein",
        "Samen met bewoners en partners aan de slag: {place}.",
    ),
    Pattern(
        ("Aanbesteding",),
        (
            "schoonmaak",
            "catering",
            "wagenpark",
            "jeugdhulp",
            "Wmo-vervoer",
            "werkplekken",
            "printers",
            "beveiliging",
            "groenonderhoud",
            "accountancy",
            "telefonie",
            "inhuur",
        ),
        "Inkoop en Contractmanagement",
        "De {place}: bestek, planning en gunning.",
    ),
    Pattern(
        ("Invoering",),
        (
            "e-HRM",
            "nieuwe website",
            "Microsoft 365",
            "digitale handtekening",
            "klantvolgsysteem",
            "parkeerapp",
            "Woo-register",
            "kennisbank KCC",
            "hybride vergaderen",
            "nieuw financieel systeem",
        ),
        "ICT",
        "De {place}: inrichting, testen, training en livegang.",
    ),
    Pattern(
        ("Nieuwbouw",),
        (
            "brede school De Horst",
            "sporthal Oosterweide",
            "zwembad De Vliet",
            "milieustraat",
            "wijkcentrum Het Veld",
            "brandweerkazerne",
            "bibliotheek",
        ),
        "Facilitaire Zaken",
        "De {place}: van ontwerp tot oplevering.",
    ),
    Pattern(
        ("Begroting", "Kadernota", "Jaarverslag"),
        ("2025", "2026", "2027"),
        "Financiën",
        "Samen naar de {place}: planning, aanleveringen en teksten.",
    ),
)
COMMUNITY_THEMES: tuple[tuple[str, str | None, str], ...] = (
    ("Fietsen naar het werk", None, "Routes, fietsregeling en de jaarlijkse fietsdag."),
    ("Lean en procesverbetering", None, "Samen werkprocessen eenvoudiger maken."),
    ("Excel-tips", None, "Formules, draaitabellen en handigheidjes."),
    ("Microsoft 365 tips", "ICT", "Teams, OneDrive en Outlook slimmer gebruiken."),
    ("Hardloopgroep", None, "Samen hardlopen in de lunchpauze."),
    ("Boekenclub", None, "Elke maand een boek, en een goed gesprek."),
    ("Fotografie", None, "Deel je mooiste foto's van Zuiderveld."),
    ("Regenboognetwerk", None, "Het netwerk voor lhbtiq+-collega's en bondgenoten."),
    ("Mantelzorgers", "HR", "Werk en mantelzorg combineren: ervaringen en regelingen."),
    ("Leidinggevenden", "HR", "Het netwerk van leidinggevenden: intervisie en nieuws."),
    ("Agile werken", None, "Scrum, kanban en wat werkt bij de gemeente."),
    ("Participatie", "Ruimtelijke Ordening", "Inwoners betrekken bij plannen: methoden en ervaringen."),
    ("Inclusie en diversiteit", "HR", "Een organisatie waar iedereen meetelt."),
    ("Vitaliteit", "HR", "Gezond en fit aan het werk."),
    ("Koor Zuiderveld", None, "Het personeelskoor repeteert op dinsdag."),
    ("Moestuin Stadswerf", None, "Samen tuinieren achter de Stadswerf."),
    ("Klantgericht werken", "Klantcontactcentrum", "Inwoners goed helpen, aan de balie en online."),
    ("Woo en openbaarheid", "Informatiebeheer", "Actief openbaar maken en Woo-verzoeken."),
    ("Projectleiders", None, "Het netwerk van projectleiders: methoden en intervisie."),
    ("Onderzoek en statistiek", "Strategie en Onderzoek", "Cijfers over Zuiderveld en hoe je ze gebruikt."),
    ("Energietransitie", "Milieu en Duurzaamheid", "Van gas los: wijkplannen en warmtenetten."),
    ("Ondermijning", "Veiligheid", "Signalen herkennen en samen optreden."),
)
KNOWLEDGE_PREFIX = "Kennisnetwerk"  # "Kennisnetwerk GIS", for the skills in the vocabulary
OTHER_THEMES: tuple[tuple[str, str | None, str], ...] = (
    ("Ondernemingsraad", None, "Nieuws en achterban-raadplegingen van de OR."),
    ("Personeelsvereniging", None, "Uitjes, de kerstborrel en de sportdag."),
    ("Nieuwe medewerkers", "HR", "Welkom! Alles voor je eerste weken bij de gemeente."),
    ("Sportdag", None, "Aanmelden, teams en uitslagen van de sportdag."),
    ("Kerstpakketcommissie", None, "Ideeën en keuzes voor het kerstpakket."),
    ("Bedrijfshulpverlening", "Facilitaire Zaken", "Roosters, oefeningen en nieuws voor BHV'ers."),
    ("Koningsdag", None, "De vrijmarkt en de activiteiten op het Raadhuisplein."),
    ("Stagiairs en trainees", "HR", "Voor en door stagiairs en trainees."),
)
TEAM_DESCRIPTION = "De ruimte van {unit}: planning, werkoverleg en afspraken."
OWN_REQUEST_MESSAGE = "Wij gaan in Ruimtelijke Ordening veel met het nieuwe zaaksysteem werken; mag ik meelezen?"
JOIN_MESSAGES = (
    "Ik werk hier regelmatig mee en wil graag meelezen.",
    "Mag ik aansluiten? Ik ben net begonnen in dit onderwerp.",
    "Ik doe mee aan het project vanuit mijn afdeling.",
)
