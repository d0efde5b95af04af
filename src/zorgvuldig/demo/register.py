"""The demo organisation's Art. 30 register: Kwartier, a Dutch welfare organisation (P03-P08, P15).

The content follows Kwartier's privacy statement (signals about problems and opportunities,
support trajectories, projects, neighbourhood mediation, volunteers, complaints). It is demo
material: plausible and internally consistent, not legal advice. Everything is saved through
:func:`zorgvuldig.registry.services.activity_save`, so the register's own rules (an Art. 9(2)
exemption for special categories, a legal basis for the BSN) apply to the demo as well.
"""

from __future__ import annotations

from zorgvuldig.registry.models import (
    Art9Exemption,
    DataCategory,
    LawfulGround,
    ProcessingActivity,
    Recipient,
    SpecialKind,
)
from zorgvuldig.registry.services import activity_save

CONTROLLER = (
    "Stichting Kwartier zorg en welzijn (demo-organisatie), Postbus 100, 1700 AC Heerhugowaard, "
    "privacy@kwartier.example"
)
DPO = "Functionaris gegevensbescherming van Kwartier, fg@kwartier.example"
MUNICIPALITY = "Gemeente Dijk en Waard"
PROCESSOR = "Polderwolk ICT B.V. (hosting en beheer)"

BASE_SECURITY = (
    "Toegang alleen voor medewerkers met een toewijzing (need-to-know) en een getekende "
    "geheimhoudingsverklaring; elke verwerking staat in het verwerkingslog; versleutelde "
    "verbindingen (TLS) en versleutelde back-ups; verwerkersovereenkomst met de ICT-leverancier; "
    "jaarlijkse controle van toegangsrechten."
)

# (code, name, description); special kinds and the BSN flag follow below.
CATEGORIES = [
    ("naw", "Naam, adres en woonplaats", "Voornamen, achternaam, adres en postcode."),
    ("contact", "Contactgegevens", "Telefoonnummer en e-mailadres."),
    ("geboortedatum", "Geboortedatum", "Geboortedatum, ook om de leeftijd te bepalen."),
    ("bsn", "Burgerservicenummer (BSN)", "Alleen voor gegevensuitwisseling met de gemeente."),
    ("gezondheid", "Gegevens over gezondheid", "Lichamelijk en psychisch, voor zover nodig."),
    ("financien", "Financiële situatie", "Inkomen, schulden en betalingsachterstanden."),
    ("huishouden", "Gezinssamenstelling", "Samenstelling van het huishouden, mantelzorgers."),
    ("woonsituatie", "Woonsituatie", "Huur of koop, verhuurder, staat van de woning."),
    ("religie", "Religie of levensovertuiging", "Alleen als de inwoner dit zelf aangeeft."),
    ("strafrechtelijk", "Strafrechtelijke gegevens", "Contact met justitie of reclassering."),
    ("signaal", "Inhoud van het signaal", "Wat is opgevallen, door wie; geen medische details."),
    ("hulpvraag", "Hulpvraag en trajectplan", "Hulpvraag, doelen, afspraken en voortgang."),
    ("conflict", "Omschrijving van het burenconflict", "Aard van het conflict, afspraken."),
    ("deelname", "Deelname aan activiteiten", "Aanmelding, aanwezigheid en wensen."),
    ("inzet", "Beschikbaarheid en vaardigheden", "Wanneer en waarvoor iemand inzetbaar is."),
    ("vog", "Verklaring omtrent het gedrag (VOG)", "Alleen of en wanneer, niet de inhoud."),
    ("klacht", "Inhoud en afhandeling van de klacht", "De klacht, het onderzoek, de uitkomst."),
]
SPECIAL_KINDS = {
    "gezondheid": SpecialKind.HEALTH,
    "religie": SpecialKind.RELIGION,
    "strafrechtelijk": SpecialKind.CRIMINAL,
}
BSN_CATEGORIES = {"bsn"}

# (name, kind, agreement_reference, description)
RECIPIENTS = [
    (
        MUNICIPALITY,
        Recipient.Kind.AUTHORITY,
        "Subsidiebeschikking 2026",
        "Opdrachtgever; alleen verstrekking met een grondslag, bijvoorbeeld bij toegang tot "
        "maatwerkvoorzieningen.",
    ),
    (
        "Huisarts van de inwoner",
        Recipient.Kind.THIRD_PARTY,
        "",
        "Afstemming over gezondheid, alleen met toestemming of bij een zwaarwegend belang.",
    ),
    (
        "Woningcorporatie",
        Recipient.Kind.THIRD_PARTY,
        "Convenant vroegsignalering 2025",
        "Bij dreigende huisuitzetting en buurtbemiddeling.",
    ),
    (
        "Veilig Thuis Noord-Holland Noord",
        Recipient.Kind.AUTHORITY,
        "",
        "Melding volgens de meldcode huiselijk geweld en kindermishandeling.",
    ),
    ("Dienst Justis", Recipient.Kind.AUTHORITY, "", "Aanvraag verklaring omtrent het gedrag."),
    (
        "Onafhankelijke klachtencommissie welzijn",
        Recipient.Kind.THIRD_PARTY,
        "Reglement klachtencommissie 2024",
        "Behandelt klachten die niet intern zijn opgelost.",
    ),
    (
        PROCESSOR,
        Recipient.Kind.PROCESSOR,
        "VWO-2025-014",
        "Verwerker: hosting en beheer in een ISO 27001-gecertificeerd datacentrum in Nederland.",
    ),
]

ACTIVITIES = [
    {
        "code": "signalen",
        "name": "Signaleren van problemen en kansen",
        "purpose": (
            "Signalen vastleggen over inwoners die dreigen vast te lopen of juist iets willen "
            "betekenen voor hun buurt, ze in het team bespreken en opvolgen: een kort contact, "
            "een doorverwijzing of de start van een hulptraject. Zo voorkomen we sociaal "
            "isolement en vergroten we de samenredzaamheid."
        ),
        "lawful_ground": LawfulGround.PUBLIC_TASK,
        "lawful_ground_detail": (
            "Taak van algemeen belang: preventie en vroegsignalering als algemene voorziening "
            "(Wmo 2015 art. 2.1.1 en 2.2.1), uitgevoerd in opdracht van de gemeente Dijk en "
            "Waard (subsidiebeschikking 2026)."
        ),
        "categories": ["naw", "contact", "geboortedatum", "huishouden", "woonsituatie", "signaal"],
        "subject_categories": (
            "Inwoners over wie een signaal binnenkomt\n"
            "Melders (buren, familie, mantelzorgers)\n"
            "Verwijzers (huisarts, wijkagent, woningcorporatie, gemeente)"
        ),
        "recipients": [MUNICIPALITY, "Woningcorporatie", PROCESSOR],
        "retention_policy": "BW-01 Signalen",
        "retention_period": (
            "6 maanden na afsluiting van het signaal; leidt het tot een hulptraject, dan geldt "
            "de termijn van hulptrajecten."
        ),
        "security_extra": "Signalen zonder vervolg worden na de bewaartermijn automatisch "
        "verwijderd.",
    },
    {
        "code": "hulptrajecten",
        "name": "Hulptrajecten (algemeen maatschappelijk werk)",
        "purpose": (
            "Inwoners concrete hulp, zorg en ondersteuning bieden bij problemen met inkomen en "
            "schulden, wonen, gezondheid, relaties en opvoeding: vraagverheldering, trajectplan, "
            "begeleiding, doorverwijzing en afstemming met betrokken professionals."
        ),
        "lawful_ground": LawfulGround.PUBLIC_TASK,
        "lawful_ground_detail": (
            "Taak van algemeen belang: algemeen maatschappelijk werk als algemene voorziening "
            "in de zin van de Wmo 2015 (art. 1.1.1 en 2.1.1), uitgevoerd in opdracht van de "
            "gemeente Dijk en Waard."
        ),
        "art9_exemption": Art9Exemption.H,
        "art9_detail": (
            "Gezondheidsgegevens alleen voor zover noodzakelijk voor de hulpverlening, door "
            "medewerkers met een geheimhoudingsplicht (AVG art. 9 lid 2 sub h en lid 3; UAVG "
            "art. 30 lid 3). Strafrechtelijke gegevens alleen als ze nodig zijn voor de hulp of "
            "de veiligheid van medewerkers (UAVG art. 33), uitsluitend zichtbaar voor wie het "
            "traject is toegewezen."
        ),
        "bsn_legal_basis": (
            "Wmo 2015 art. 5.2.1 (gegevensverwerking ten behoeve van de maatschappelijke "
            "ondersteuning, in opdracht van het college) met de Wet algemene bepalingen "
            "burgerservicenummer; bij zorg ook de Wet aanvullende bepalingen verwerking "
            "persoonsgegevens in de zorg. Alleen voor gegevensuitwisseling met de gemeente."
        ),
        "categories": [
            "naw",
            "contact",
            "geboortedatum",
            "bsn",
            "gezondheid",
            "financien",
            "huishouden",
            "woonsituatie",
            "hulpvraag",
            "strafrechtelijk",
        ],
        "subject_categories": (
            "Inwoners met een hulpvraag\nGezinsleden en mantelzorgers\nWettelijk vertegenwoordigers"
        ),
        "recipients": [
            MUNICIPALITY,
            "Huisarts van de inwoner",
            "Woningcorporatie",
            "Veilig Thuis Noord-Holland Noord",
            PROCESSOR,
        ],
        "retention_policy": "BW-02 Hulptrajecten",
        "retention_period": (
            "5 jaar na afsluiting van het traject; langer alleen zolang een klacht of procedure "
            "loopt."
        ),
        "security_extra": "Bijzondere persoonsgegevens alleen zichtbaar voor de toegewezen "
        "hulpverlener en diens teamleider.",
    },
    {
        "code": "projecten",
        "name": "Buurtprojecten en activiteiten",
        "purpose": (
            "Inwoners laten deelnemen aan buurtprojecten en groepsactiviteiten (maaltijdproject, "
            "taalcafé, wandelgroep), deelnemers uitnodigen en op de hoogte houden, en de "
            "opkomst bijhouden voor de verantwoording aan de gemeente (alleen in aantallen)."
        ),
        "lawful_ground": LawfulGround.CONSENT,
        "lawful_ground_detail": (
            "Toestemming bij aanmelding; intrekken kan altijd, daarna worden de gegevens "
            "verwijderd."
        ),
        "art9_exemption": Art9Exemption.A,
        "art9_detail": (
            "Levensovertuiging (bijvoorbeeld voor dieetwensen bij het maaltijdproject) alleen "
            "met uitdrukkelijke toestemming van de deelnemer."
        ),
        "categories": ["naw", "contact", "geboortedatum", "deelname", "religie"],
        "subject_categories": "Deelnemers aan projecten en activiteiten",
        "recipients": [PROCESSOR],
        "retention_policy": "BW-03 Projecten",
        "retention_period": (
            "1 jaar na afloop van het project; direct na het intrekken van de toestemming."
        ),
        "security_extra": "Presentielijsten bevatten alleen namen, geen andere gegevens.",
    },
    {
        "code": "buurtbemiddeling",
        "name": "Buurtbemiddeling",
        "purpose": (
            "Buren met een conflict (geluidsoverlast, erfgrenzen, huisdieren) helpen het samen "
            "op te lossen met getrainde vrijwillige bemiddelaars: aanmelding, intake, "
            "bemiddelingsgesprek en nazorg."
        ),
        "lawful_ground": LawfulGround.LEGITIMATE_INTEREST,
        "lawful_ground_detail": (
            "Gerechtvaardigd belang van de buren en Kwartier bij een vreedzame oplossing; de "
            "belangenafweging is vastgelegd (BA-2025-03): alleen gegevens die nodig zijn voor de "
            "bemiddeling, deelname is vrijwillig, beide partijen worden geïnformeerd en kunnen "
            "bezwaar maken. Het gesprek zelf volgt een bemiddelingsovereenkomst met beide "
            "partijen."
        ),
        "categories": ["naw", "contact", "woonsituatie", "conflict"],
        "subject_categories": ("Aanmelders\nWederpartij (buren)\nVrijwillige bemiddelaars"),
        "recipients": ["Woningcorporatie", PROCESSOR],
        "retention_policy": "BW-04 Buurtbemiddeling",
        "retention_period": "2 jaar na afsluiting van de bemiddeling.",
        "security_extra": "Bemiddelaars zien alleen de zaken die aan hen zijn toegewezen.",
    },
    {
        "code": "vrijwilligers",
        "name": "Vrijwilligerscoördinatie",
        "purpose": (
            "Vrijwilligers werven, begeleiden, inroosteren en verzekeren; afspraken vastleggen "
            "in de vrijwilligersovereenkomst en een verklaring omtrent het gedrag (VOG) vragen "
            "waar het werk met kwetsbare inwoners dat vereist."
        ),
        "lawful_ground": LawfulGround.CONTRACT,
        "lawful_ground_detail": (
            "Uitvoering van de vrijwilligersovereenkomst (AVG art. 6 lid 1 sub b); de VOG volgt "
            "uit het vrijwilligersbeleid voor werk met kwetsbare inwoners."
        ),
        "categories": ["naw", "contact", "geboortedatum", "inzet", "vog"],
        "subject_categories": "Vrijwilligers\nKandidaat-vrijwilligers",
        "recipients": ["Dienst Justis", PROCESSOR],
        "retention_policy": "BW-05 Vrijwilligers",
        "retention_period": (
            "2 jaar na einde van de vrijwilligersovereenkomst; van de VOG alleen datum en uitkomst."
        ),
        "security_extra": "Alleen de vrijwilligerscoördinatoren hebben toegang.",
    },
    {
        "code": "klachten",
        "name": "Klachtenbehandeling",
        "purpose": (
            "Klachten van inwoners over de dienstverlening van Kwartier ontvangen, onderzoeken "
            "en beantwoorden, zo nodig voorleggen aan de onafhankelijke klachtencommissie, en "
            "leren van klachten."
        ),
        "lawful_ground": LawfulGround.LEGAL_OBLIGATION,
        "lawful_ground_detail": (
            "Wettelijke verplichting tot zorgvuldige klachtbehandeling: Wet kwaliteit, klachten "
            "en geschillen zorg (hoofdstuk 3) en de kwaliteitseisen voor aanbieders in de Wmo "
            "2015 (art. 3.1)."
        ),
        "categories": ["naw", "contact", "klacht"],
        "subject_categories": (
            "Klagers (inwoners of hun vertegenwoordigers)\n"
            "Medewerkers op wie de klacht betrekking heeft"
        ),
        "recipients": ["Onafhankelijke klachtencommissie welzijn", PROCESSOR],
        "retention_policy": "BW-06 Klachten",
        "retention_period": "2 jaar na afhandeling van de klacht.",
        "security_extra": "Klachten worden behandeld door teamleiders buiten de betrokken "
        "hulpverlener om.",
    },
]

ACTIVITIES.append(
    {
        "code": "toegangscontrole",
        "name": "Toegangscontrole op het verwerkingslog",
        "purpose": (
            "Ongeoorloofde inzage opsporen (P14): het verwerkingslog controleren op inzage zonder "
            "toewijzing, massale inzage, inzage buiten werktijd en inzage in dossiers van "
            "familie, buren of collega's; signaleringen laten beoordelen door teamleider of "
            "privacyfunctionaris."
        ),
        "lawful_ground": LawfulGround.LEGAL_OBLIGATION,
        "lawful_ground_detail": (
            "Beveiligingsplicht van de verwerkingsverantwoordelijke (AVG art. 32) en logging en "
            "controle volgens NEN 7513; alleen achternaam en adres worden vergeleken, "
            "automatisch, en alleen van inwoners die in het log voorkomen."
        ),
        "categories": ["naw"],
        "subject_categories": "Inwoners van wie het dossier is ingezien\nMedewerkers",
        "recipients": [PROCESSOR],
        "retention_policy": "BW-07 Toegangscontrole",
        "retention_period": "Signaleringen 2 jaar na beoordeling; het log zelf 5 jaar.",
        "security_extra": "Alleen teamleiders (eigen team) en de privacyfunctionaris zien "
        "signaleringen; namen alleen als zij het dossier ook mogen inzien.",
    }
)

ACTIVITY_CODES = [spec["code"] for spec in ACTIVITIES]
# Activities about the organisation's own duties: no resident is registered under them.
OVERSIGHT_CODES = ("toegangscontrole",)


def _categories() -> dict[str, DataCategory]:
    result = {}
    for code, name, description in CATEGORIES:
        result[code], _created = DataCategory.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "description": description,
                "special_kind": SPECIAL_KINDS.get(code, ""),
                "is_bsn": code in BSN_CATEGORIES,
            },
        )
    return result


def _recipients() -> dict[str, Recipient]:
    result = {}
    for name, kind, agreement, description in RECIPIENTS:
        result[name], _created = Recipient.objects.update_or_create(
            name=name,
            defaults={"kind": kind, "agreement_reference": agreement, "description": description},
        )
    return result


def register_load(*, actor) -> dict[str, ProcessingActivity]:
    """Save Kwartier's register (a new version only where it changed); return it by code."""
    categories = _categories()
    recipients = _recipients()
    activities = {}
    for spec in ACTIVITIES:
        spec = dict(spec)
        category_codes = spec.pop("categories")
        recipient_names = spec.pop("recipients")
        security = f"{BASE_SECURITY} {spec.pop('security_extra')}"
        activity = ProcessingActivity.objects.filter(code=spec["code"]).first()
        activity = activity or ProcessingActivity(code=spec["code"])
        for name, value in spec.items():
            setattr(activity, name, value)
        activity.security_measures = security
        activity.controller_contact = CONTROLLER
        activity.dpo_contact = DPO
        activity.is_active = True
        activities[activity.code] = activity_save(
            changed_by=actor.actor_ref,
            activity=activity,
            data_categories=[categories[c] for c in category_codes],
            recipients=[recipients[r] for r in recipient_names],
        )
    return activities
