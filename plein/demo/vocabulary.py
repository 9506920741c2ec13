"""The fictional municipality Gemeente Zuiderveld: its units, places, jobs and skills.

Everything here is plain data; :mod:`plein.demo.plan` decides how much of it a
demo of a given size uses.
"""

from __future__ import annotations

from dataclasses import dataclass

ORGANISATION_NAME = "Gemeente Zuiderveld"
TOWN = "Zuiderveld"
EMAIL_DOMAIN = "zuiderveld.nl"


@dataclass(frozen=True)
class LocationSpec:
    name: str
    address: str


@dataclass(frozen=True)
class DepartmentSpec:
    """A department, with what its teams work on and what its people do and know."""

    name: str
    team_themes: tuple[str, ...]
    functions: tuple[str, ...]
    skills: tuple[str, ...]
    location: str  # the LocationSpec.name most of its people work from
    weight: int  # relative share of the organisation's teams


@dataclass(frozen=True)
class DirectorateSpec:
    name: str
    departments: tuple[DepartmentSpec, ...]


STADHUIS = "Stadhuis Zuiderveld"
PUBLIEKSHAL = "Publiekshal"
STADSWERF = "Stadswerf"
MILIEUSTRAAT = "Milieustraat"
DE_HORST = "Wijkcentrum De Horst"
OOSTERWEIDE = "Wijkcentrum Oosterweide"
WERKPLEIN = "Werkplein Zuiderveld"

LOCATIONS: tuple[LocationSpec, ...] = (
    LocationSpec(STADHUIS, "Raadhuisplein 1"),
    LocationSpec(PUBLIEKSHAL, "Raadhuisplein 3"),
    LocationSpec(STADSWERF, "Havenweg 14"),
    LocationSpec(MILIEUSTRAAT, "Industrieweg 52"),
    LocationSpec(DE_HORST, "Horsterpad 8"),
    LocationSpec(OOSTERWEIDE, "Weidelaan 120"),
    LocationSpec(WERKPLEIN, "Stationsstraat 40"),
)

# Large departments number their teams by district: "Team Handhaving Noord 3".
DISTRICTS: tuple[str, ...] = ("Noord", "Oost", "Zuid", "West", "Centrum")

ORGANISATION_HEAD_FUNCTION = "Gemeentesecretaris"
DIRECTOR_FUNCTION = "Directeur"
DEPARTMENT_HEAD_FUNCTION = "Afdelingsmanager"
TEAM_LEADER_FUNCTION = "Teamleider"

# Jobs found in every department, given to some people instead of a specialist function.
GENERIC_FUNCTIONS: tuple[str, ...] = (
    "Projectleider",
    "Managementassistent",
    "Senior adviseur",
    "Medewerker",
    "Trainee",
    "Stagiair",
)

GENERIC_SKILLS: tuple[str, ...] = (
    "projectmanagement",
    "Excel",
    "Microsoft 365",
    "presenteren",
    "schrijven in B1-taal",
    "procesverbetering (lean)",
    "agile werken",
    "verandermanagement",
    "Engels",
    "leidinggeven",
    "coaching",
    "data-analyse",
    "communicatie",
    "participatie",
)

DIRECTORATES: tuple[DirectorateSpec, ...] = (
    DirectorateSpec(
        "Ruimte",
        (
            DepartmentSpec(
                "Ruimtelijke Ordening",
                ("Omgevingsvisie", "Omgevingsplan", "Grondzaken"),
                (
                    "Beleidsadviseur",
                    "Planoloog",
                    "Stedenbouwkundige",
                    "Adviseur grondzaken",
                    "Projectleider gebiedsontwikkeling",
                ),
                ("ruimtelijke ordening", "Omgevingswet", "GIS", "grondexploitatie", "stedenbouw", "participatie"),
                STADHUIS,
                3,
            ),
            DepartmentSpec(
                "Vergunningen, Toezicht en Handhaving",
                ("Vergunningen", "Toezicht", "Handhaving", "Evenementen"),
                ("Vergunningverlener", "Toezichthouder bouw", "Handhavingsjurist", "Casemanager vergunningen"),
                ("Omgevingswet", "bouwregelgeving", "handhaving", "evenementenvergunningen", "bestuursrecht"),
                STADHUIS,
                4,
            ),
            DepartmentSpec(
                "Openbare Ruimte",
                ("Groen", "Wegen en Riolering", "Reiniging", "Wijkbeheer"),
                ("Medewerker groen", "Opzichter", "Beheerder openbare ruimte", "Medewerker reiniging", "Wijkbeheerder"),
                ("beheer openbare ruimte", "groenbeheer", "riolering", "civiele techniek", "aanbesteden", "GIS"),
                STADSWERF,
                6,
            ),
            DepartmentSpec(
                "Milieu en Duurzaamheid",
                ("Energietransitie", "Klimaatadaptatie", "Afval en Grondstoffen"),
                (
                    "Adviseur duurzaamheid",
                    "Projectleider energietransitie",
                    "Milieuadviseur",
                    "Medewerker milieustraat",
                ),
                ("energietransitie", "klimaatadaptatie", "circulaire economie", "subsidies", "afvalbeleid"),
                MILIEUSTRAAT,
                3,
            ),
            DepartmentSpec(
                "Verkeer en Mobiliteit",
                ("Verkeer", "Parkeren"),
                ("Verkeerskundige", "Beleidsadviseur mobiliteit", "Parkeercontroleur"),
                ("verkeerskunde", "parkeerbeleid", "GIS", "participatie"),
                STADHUIS,
                2,
            ),
        ),
    ),
    DirectorateSpec(
        "Samenleving",
        (
            DepartmentSpec(
                "Sociaal Domein",
                ("Wmo", "Toegang", "Schuldhulpverlening", "Wijkteams"),
                ("Wmo-consulent", "Consulent sociaal domein", "Wijkregisseur", "Schuldhulpverlener", "Beleidsadviseur"),
                ("Wmo", "keukentafelgesprek", "schuldhulpverlening", "gespreksvoering", "casemanagement"),
                DE_HORST,
                6,
            ),
            DepartmentSpec(
                "Jeugd en Onderwijs",
                ("Jeugdhulp", "Leerplicht", "Onderwijshuisvesting"),
                ("Jeugdconsulent", "Leerplichtambtenaar", "Beleidsadviseur jeugd", "Contractmanager jeugdzorg"),
                ("jeugdzorg", "Jeugdwet", "leerplicht", "contractmanagement", "gespreksvoering"),
                OOSTERWEIDE,
                4,
            ),
            DepartmentSpec(
                "Werk en Inkomen",
                ("Participatie", "Uitkeringen", "Re-integratie", "Bijzondere Bijstand"),
                ("Klantmanager werk", "Consulent inkomen", "Werkcoach", "Handhaver sociale zekerheid"),
                ("Participatiewet", "re-integratie", "uitkeringsadministratie", "gespreksvoering", "arbeidsmarkt"),
                WERKPLEIN,
                5,
            ),
            DepartmentSpec(
                "Sport, Cultuur en Welzijn",
                ("Sport", "Cultuur", "Welzijn"),
                ("Beleidsadviseur sport", "Buurtsportcoach", "Subsidieadviseur", "Cultuurcoördinator"),
                ("subsidies", "sportbeleid", "cultuurbeleid", "evenementen", "vrijwilligerswerk"),
                OOSTERWEIDE,
                2,
            ),
        ),
    ),
    DirectorateSpec(
        "Dienstverlening",
        (
            DepartmentSpec(
                "Burgerzaken",
                ("Publieksbalie", "Reisdocumenten", "Basisregistratie Personen", "Burgerlijke Stand"),
                ("Medewerker burgerzaken", "Baliemedewerker", "Ambtenaar burgerlijke stand", "Adviseur BRP"),
                ("BRP", "reisdocumenten", "burgerlijke stand", "identiteitsfraude", "klantgerichtheid"),
                PUBLIEKSHAL,
                4,
            ),
            DepartmentSpec(
                "Klantcontactcentrum",
                ("KCC Telefonie", "KCC Digitale Kanalen", "KCC Kennisbank"),
                ("Medewerker KCC", "Klantcontactmedewerker", "Kennisbankbeheerder", "Coördinator KCC"),
                ("klantgerichtheid", "gespreksvoering", "klachtbehandeling", "webcare", "kennismanagement"),
                PUBLIEKSHAL,
                4,
            ),
            DepartmentSpec(
                "Belastingen",
                ("WOZ", "Heffingen", "Invordering"),
                ("Taxateur WOZ", "Medewerker heffingen", "Medewerker invordering"),
                ("WOZ", "lokale belastingen", "invordering", "Excel"),
                STADHUIS,
                2,
            ),
            DepartmentSpec(
                "Informatiebeheer",
                ("Archief", "Post en Documentatie"),
                ("Documentair informatievoorziener", "Archivaris", "Medewerker post"),
                ("Archiefwet", "documentbeheer", "Woo", "privacy (AVG)"),
                STADHUIS,
                2,
            ),
        ),
    ),
    DirectorateSpec(
        "Bedrijfsvoering",
        (
            DepartmentSpec(
                "ICT",
                ("Servicedesk", "Applicatiebeheer", "Infrastructuur", "Informatiebeveiliging", "Data"),
                (
                    "Applicatiebeheerder",
                    "Medewerker servicedesk",
                    "Netwerkbeheerder",
                    "Security officer",
                    "Data-analist",
                ),
                ("Python", "SQL", "Linux", "informatiebeveiliging", "netwerkbeheer", "ITIL", "Microsoft 365"),
                STADHUIS,
                4,
            ),
            DepartmentSpec(
                "HR",
                ("HR Advies", "Salarisadministratie", "Werving en Selectie", "Leren en Ontwikkelen"),
                ("HR-adviseur", "Salarisadministrateur", "Recruiter", "Arbo-adviseur", "Opleidingsadviseur"),
                ("arbeidsrecht", "verzuimbegeleiding", "werving en selectie", "salarisadministratie", "coaching"),
                STADHUIS,
                3,
            ),
            DepartmentSpec(
                "Financiën",
                ("Control", "Financiële Administratie", "Begroting"),
                ("Financieel adviseur", "Controller", "Medewerker financiële administratie"),
                ("begroting", "planning & control", "BBV", "financiële administratie", "Excel"),
                STADHUIS,
                3,
            ),
            DepartmentSpec(
                "Inkoop en Contractmanagement",
                ("Inkoop", "Contractbeheer"),
                ("Inkoopadviseur", "Contractmanager"),
                ("inkoop", "aanbesteden", "contractmanagement"),
                STADHUIS,
                1,
            ),
            DepartmentSpec(
                "Facilitaire Zaken",
                ("Huisvesting", "Facilitaire Dienstverlening"),
                ("Facilitair medewerker", "Gastvrouw/gastheer", "Bode", "Adviseur huisvesting"),
                ("facilitair management", "gastvrijheid", "huisvesting"),
                STADHUIS,
                2,
            ),
        ),
    ),
    DirectorateSpec(
        "Bestuur & Concern",
        (
            DepartmentSpec(
                "Communicatie",
                ("Online", "Pers en Woordvoering", "Interne Communicatie"),
                ("Communicatieadviseur", "Woordvoerder", "Webredacteur", "Online communicatiespecialist"),
                ("communicatie", "webredactie", "woordvoering", "social media", "schrijven in B1-taal"),
                STADHUIS,
                2,
            ),
            DepartmentSpec(
                "Juridische Zaken",
                ("Bezwaar en Beroep", "Privacy", "Aansprakelijkheid"),
                ("Jurist", "Privacy officer", "Secretaris bezwaarcommissie", "Juridisch adviseur"),
                ("bestuursrecht", "privacy (AVG)", "Woo", "aansprakelijkheid", "juridisch advies"),
                STADHUIS,
                2,
            ),
            DepartmentSpec(
                "Bestuursondersteuning",
                ("Bestuurssecretariaat", "Raadsondersteuning"),
                ("Bestuursadviseur", "Managementassistent", "Raadsadviseur"),
                ("bestuursadvisering", "politieke sensitiviteit", "notuleren", "agendabeheer"),
                STADHUIS,
                1,
            ),
            DepartmentSpec(
                "Veiligheid",
                ("Openbare Orde", "Boa's", "Crisisbeheersing"),
                ("Adviseur openbare orde en veiligheid", "Boa", "Coördinator crisisbeheersing"),
                ("openbare orde en veiligheid", "crisisbeheersing", "ondermijning", "handhaving"),
                STADHUIS,
                3,
            ),
            DepartmentSpec(
                "Strategie en Onderzoek",
                ("Onderzoek en Statistiek", "Strategie"),
                ("Onderzoeker", "Strategisch adviseur", "Data-analist"),
                ("data-analyse", "onderzoek", "statistiek", "Python", "strategie"),
                STADHUIS,
                1,
            ),
        ),
    ),
)


def all_skills() -> tuple[str, ...]:
    """Every skill in the vocabulary, once, in a fixed order."""
    names = [*GENERIC_SKILLS]
    for directorate in DIRECTORATES:
        for department in directorate.departments:
            names.extend(department.skills)
    return tuple(dict.fromkeys(names))
