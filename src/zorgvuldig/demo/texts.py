"""Dutch texts for the demo's casework: small template lists, no real people or places.

The loader picks from these lists with the seeded random generator, so the same seed gives the
same texts. Texts never name a resident: they say "inwoner", "bewoner" or "deelnemer".
Health notes and religion notes are separate lists because they are special-category data
(Art. 9 AVG) and are classified as such when they are written.
"""

from __future__ import annotations

from dataclasses import dataclass

from zorgvuldig.casework.models import Channel, ReporterKind

# -- signals about a resident ---------------------------------------------------------------

# reporter kind -> (weight, possible reporter details, likely channels)
REPORTERS = {
    ReporterKind.RESIDENT: (20, [""], [Channel.PHONE, Channel.VISIT, Channel.EMAIL]),
    ReporterKind.NEIGHBOUR: (20, ["", "buurvrouw", "buurman", "bovenbuurman"], [Channel.PHONE]),
    ReporterKind.GP: (
        12,
        ["huisartsenpraktijk in de wijk", "praktijkondersteuner van de huisarts"],
        [Channel.PHONE, Channel.EMAIL, Channel.LETTER],
    ),
    ReporterKind.MUNICIPALITY: (
        12,
        ["team Wmo", "afdeling belastingen", "leerplichtambtenaar"],
        [Channel.EMAIL, Channel.LETTER],
    ),
    ReporterKind.HOUSING: (
        14,
        ["wijkconsulent woningcorporatie", "incassomedewerker woningcorporatie"],
        [Channel.EMAIL, Channel.PHONE],
    ),
    ReporterKind.COLLEAGUE: (
        12,
        ["collega jongerenwerk", "collega ouderenadvies", "vrijwilliger van de voedselbank"],
        [Channel.VISIT, Channel.PHONE, Channel.EMAIL],
    ),
    ReporterKind.OTHER: (
        10,
        ["wijkagent", "familielid", "school", "mantelzorger"],
        [Channel.PHONE],
    ),
}

SIGNAL_PROBLEMS = {
    ReporterKind.RESIDENT: [
        "Inwoner belt zelf: kan de rekeningen niet meer betalen en weet niet waar te beginnen.",
        "Inwoner vraagt hulp bij het invullen van formulieren voor huurtoeslag en zorgtoeslag.",
        "Inwoner komt langs bij het inloopspreekuur: voelt zich alleen sinds de kinderen het "
        "huis uit zijn en wil graag meer contact met anderen.",
        "Inwoner mailt dat de ruzies met de ex-partner over de kinderen uit de hand lopen.",
    ],
    ReporterKind.NEIGHBOUR: [
        "Buurtbewoner maakt zich zorgen: de bewoner komt al weken niet meer buiten en de "
        "brievenbus puilt uit.",
        "Buurtbewoner meldt dat de tuin verwilderd is en dat er een sterke geur uit de woning "
        "komt.",
        "Buren horen 's avonds regelmatig harde ruzie en een huilend kind.",
        "Buurtbewoner ziet dat de bewoner steeds vergeetachtiger wordt en soms 's nachts op straat "
        "loopt.",
    ],
    ReporterKind.GP: [
        "De huisarts ziet dat de inwoner vereenzaamt en weinig steun heeft; vraagt of het sociaal "
        "werk contact kan opnemen.",
        "De huisarts meldt zorgen over geldproblemen: de inwoner haalt recepten niet op omdat de "
        "eigen bijdrage te hoog is.",
        "De praktijkondersteuner vraagt om hulp bij de woonsituatie; de inwoner redt het thuis "
        "niet goed meer.",
    ],
    ReporterKind.MUNICIPALITY: [
        "Melding vanuit de gemeente: achterstand gemeentelijke belastingen en geen reactie op "
        "brieven.",
        "Team Wmo meldt dat de inwoner erg overstuur was na een gesprek over huishoudelijke hulp.",
        "De leerplichtambtenaar meldt veel verzuim van een kind in het gezin en vraagt om "
        "ondersteuning van de ouder.",
    ],
    ReporterKind.HOUSING: [
        "De woningcorporatie meldt een huurachterstand van drie maanden en geen reactie op "
        "brieven.",
        "Wijkconsulent ziet bij een reparatieverzoek een sterk vervuilde woning.",
        "De woningcorporatie krijgt klachten over geluidsoverlast en wil eerst hulp inschakelen "
        "voordat er maatregelen volgen.",
    ],
    ReporterKind.COLLEAGUE: [
        "Collega meldt dat de zoon van de inwoner veel op straat zwerft en zegt dat thuis het geld "
        "op is.",
        "Collega merkt bij de voedselbank dat de inwoner al maanden geen vaste woonplek heeft.",
        "Collega van het ouderenadvies ziet dat de partner de zorg thuis niet meer aankan.",
    ],
    ReporterKind.OTHER: [
        "Wijkagent meldt na een huisbezoek dat de inwoner weinig eten in huis had en erg op "
        "zichzelf is.",
        "Familielid belt: de inwoner opent geen post meer en er komen deurwaardersbrieven.",
        "School meldt dat een kind vaak zonder ontbijt komt en moe is; de ouder staat open voor "
        "hulp.",
    ],
}

SIGNAL_OPPORTUNITIES = {
    ReporterKind.RESIDENT: [
        "Inwoner wil graag iets betekenen voor de buurt en biedt aan te helpen bij de maaltijden "
        "in het buurthuis.",
        "Inwoner heeft een moestuin en wil groente delen met buren; zoekt hulp bij het "
        "organiseren.",
        "Inwoner wil een wandelclubje beginnen voor mensen die weinig buiten komen.",
    ],
    ReporterKind.NEIGHBOUR: [
        "Buurtbewoner vertelt dat de bewoner vroeger kok was en graag weer voor anderen zou koken.",
        "Buurtbewoner merkt dat de bewoner handig is met fietsen en buren al vaak helpt.",
    ],
    ReporterKind.GP: [
        "De huisarts denkt dat de inwoner baat heeft bij meer contact met anderen en noemt "
        "interesse in wandelen.",
    ],
    ReporterKind.MUNICIPALITY: [
        "De gemeente verwijst door: inwoner wil een activiteit voor ouderen in de straat beginnen "
        "en zoekt ondersteuning.",
    ],
    ReporterKind.HOUSING: [
        "De woningcorporatie meldt dat de bewoner de gezamenlijke tuin van het complex wil "
        "opknappen met buren.",
    ],
    ReporterKind.COLLEAGUE: [
        "Collega merkt dat de inwoner na het afronden van de hulp veel energie heeft en "
        "vrijwilligerswerk zoekt.",
        "Collega van het taalcafé vertelt dat de inwoner goed Nederlands spreekt en anderen wil "
        "helpen oefenen.",
    ],
    ReporterKind.OTHER: [
        "Familielid vertelt dat de inwoner graag repareert en iets wil doen in de buurt.",
    ],
}

SIGNAL_NOTES = [
    (
        "phone",
        "Melder teruggebeld voor een toelichting; afgesproken dat het sociaal werk contact "
        "opneemt met de inwoner.",
    ),
    ("phone", "Inwoner gebeld naar aanleiding van het signaal; staat open voor een gesprek."),
    (
        "home_visit",
        "Huisbezoek na het signaal: inwoner deed open en wil volgende week verder praten.",
    ),
    (
        "meeting",
        "Signaal besproken in het teamoverleg; een collega met ervaring in deze wijk pakt het op.",
    ),
]

# -- neighbourhood signals ------------------------------------------------------------------

NEIGHBOURHOOD_PROBLEMS = [
    "Bewoners melden dat het speelveld 's avonds een hangplek is geworden en voelen zich onveilig.",
    "Veel zwerfafval rond de containers bij de flat; bewoners spreken elkaar er niet op aan.",
    "Sinds de supermarkt dicht is, kunnen ouderen in de straat moeilijk boodschappen doen.",
    "Geluidsoverlast door scooters in de avonduren; bewoners durven de jongeren niet aan te "
    "spreken.",
    "De bushalte is opgeheven; ouderen missen hun verbinding naar het gezondheidscentrum.",
]
NEIGHBOURHOOD_OPPORTUNITIES = [
    "Buurtbewoners willen de lege plantenbakken in de straat samen beplanten.",
    "Een wijkgebouw stelt een zaal beschikbaar voor een wekelijkse inloop.",
    "Ondernemers in het winkelcentrum willen een buurtfeest sponsoren.",
    "Ouders van de basisschool willen een ruilhoek voor kinderkleding opzetten.",
    "Jongeren willen in de zomer een voetbaltoernooi in de wijk organiseren.",
]

# -- support trajectories -------------------------------------------------------------------


@dataclass(frozen=True)
class Theme:
    """One kind of help question, with goals and contact notes that fit it."""

    questions: tuple[str, ...]
    goals: tuple[str, ...]
    notes: tuple[tuple[str, str], ...]  # (note kind, text)


THEMES = [
    Theme(
        questions=(
            "Heeft betalingsachterstanden bij de energieleverancier en de zorgverzekeraar en "
            "overziet de post niet meer. Wil overzicht en rust.",
            "Loopt achter met de huur; de woningcorporatie heeft een aanmaning gestuurd. Zoekt "
            "hulp bij een betalingsregeling.",
            "Inkomen is gedaald na ontslag; vaste lasten worden niet meer betaald. Vraagt hulp "
            "bij budgetteren.",
        ),
        goals=(
            "Overzicht van alle schulden en schuldeisers",
            "Betalingsregeling met de woningcorporatie",
            "Aanvraag toeslagen en kwijtschelding gemeentelijke belastingen",
            "Zelfstandig een weekbudget bijhouden",
            "Aanmelding bij de schuldhulpverlening van de gemeente",
        ),
        notes=(
            (
                "home_visit",
                "Huisbezoek: samen de post doorgenomen en op stapels gelegd (betaald, "
                "open, onbekend). Afspraak om de open rekeningen na te bellen.",
            ),
            (
                "phone",
                "Telefonisch contact met de woningcorporatie over de huurachterstand; "
                "voorstel voor een regeling van vijftig euro per maand besproken.",
            ),
            (
                "meeting",
                "Gesprek op kantoor: budgetoverzicht gemaakt met inkomsten en vaste "
                "lasten. Er blijft per week een klein bedrag over voor boodschappen.",
            ),
            (
                "meeting",
                "Aanvraag kwijtschelding gemeentelijke belastingen samen ingevuld en verstuurd.",
            ),
            (
                "home_visit",
                "Huisbezoek: inwoner heeft de afspraken goed bijgehouden; twee nieuwe "
                "rekeningen zijn op tijd betaald.",
            ),
        ),
    ),
    Theme(
        questions=(
            "Woont sinds het overlijden van de partner alleen en komt weinig buiten. Zoekt "
            "contact met anderen.",
            "Is na een verhuizing nieuw in de wijk en kent niemand. Zoekt aansluiting en iets "
            "zinvols om te doen.",
        ),
        goals=(
            "Eén keer per week een activiteit buitenshuis",
            "Kennismaking met een maatje via het vrijwilligerswerk",
            "Contact met de buren herstellen",
            "Deelname aan de koffieochtend in het buurthuis",
        ),
        notes=(
            (
                "home_visit",
                "Huisbezoek: inwoner vertelt dat de dagen lang zijn. Samen gekeken "
                "naar activiteiten in de buurt; interesse in de koffieochtend.",
            ),
            (
                "meeting",
                "Samen naar de koffieochtend geweest; inwoner heeft met twee "
                "buurtgenoten afgesproken om volgende week weer te gaan.",
            ),
            (
                "phone",
                "Telefonisch contact: het maatje is twee keer langs geweest en dat beviel goed.",
            ),
            (
                "home_visit",
                "Huisbezoek: inwoner heeft zelf de buren uitgenodigd voor koffie en "
                "klinkt opgewekter.",
            ),
        ),
    ),
    Theme(
        questions=(
            "Alleenstaande ouder met drie kinderen loopt vast in de opvoeding van de oudste, die "
            "veel verzuimt op school.",
            "Ouders hebben veel ruzie over de kinderen sinds de scheiding; vragen hulp bij "
            "afspraken.",
        ),
        goals=(
            "Vaste dagstructuur met de kinderen",
            "Gesprek met school over het verzuim",
            "Afspraken over de omgang vastleggen in een ouderschapsplan",
            "Ouder heeft een eigen steunnetwerk",
        ),
        notes=(
            (
                "meeting",
                "Gesprek op kantoor met de ouder: veel spanning thuis rond huiswerk en "
                "schermtijd. Afspraak gemaakt voor een gesprek met de mentor.",
            ),
            (
                "meeting",
                "Overleg met de mentor van school, met toestemming van de ouder: plan om "
                "verzuim dagelijks door te geven.",
            ),
            (
                "home_visit",
                "Huisbezoek: de weekplanning hangt op de koelkast en werkt volgens de "
                "ouder beter dan verwacht.",
            ),
            (
                "phone",
                "Telefonisch contact: de ouders hebben zelf een eerste afspraak over de "
                "vakanties gemaakt.",
            ),
        ),
    ),
    Theme(
        questions=(
            "Woning is vervuild geraakt en de verhuurder dreigt met een procedure. Inwoner wil "
            "de woning behouden.",
            "Heeft geen vaste woonplek meer en slaapt afwisselend bij kennissen. Zoekt "
            "huisvesting.",
        ),
        goals=(
            "Woning opgeruimd met hulp van vrijwilligers",
            "Afspraken met de verhuurder over onderhoud",
            "Inschrijving als woningzoekende en urgentieaanvraag",
            "Huishoudelijke hulp via de Wmo aangevraagd",
        ),
        notes=(
            (
                "home_visit",
                "Huisbezoek samen met de wijkconsulent van de woningcorporatie; "
                "afspraken gemaakt over opruimen in drie stappen.",
            ),
            ("home_visit", "Eerste opruimdag met twee vrijwilligers: keuken en gang zijn vrij."),
            (
                "phone",
                "Telefonisch contact met de gemeente over de Wmo-aanvraag voor "
                "huishoudelijke hulp.",
            ),
            ("meeting", "Gesprek op kantoor: inschrijving als woningzoekende samen afgerond."),
        ),
    ),
    Theme(
        questions=(
            "Zorgt dagelijks voor een partner die steeds meer hulp nodig heeft en raakt "
            "overbelast. Zoekt ondersteuning.",
        ),
        goals=(
            "Respijtzorg één dagdeel per week",
            "Contact met de mantelzorgconsulent",
            "Taken verdelen binnen de familie",
        ),
        notes=(
            (
                "home_visit",
                "Huisbezoek: mantelzorger is moe en slaapt slecht. Mogelijkheden "
                "voor dagbesteding en respijtzorg besproken.",
            ),
            (
                "meeting",
                "Familieoverleg op kantoor: de kinderen nemen elk een vaste dag voor hun rekening.",
            ),
            (
                "phone",
                "Telefonisch contact: de dagbesteding op dinsdag is gestart; de "
                "mantelzorger merkt het verschil.",
            ),
        ),
    ),
    Theme(
        questions=(
            "Kan de post en DigiD-zaken niet goed zelf regelen omdat lezen moeilijk is. Vraagt "
            "hulp bij formulieren.",
        ),
        goals=(
            "Post wordt wekelijks met een vrijwilliger doorgenomen",
            "DigiD aangevraagd en geactiveerd",
            "Aanmelding bij het taalcafé",
        ),
        notes=(
            (
                "meeting",
                "Gesprek op kantoor: samen DigiD aangevraagd; de activeringsbrief komt per post.",
            ),
            (
                "phone",
                "Vrijwilliger van de thuisadministratie gekoppeld; de eerste afspraak staat.",
            ),
            (
                "home_visit",
                "Huisbezoek met de vrijwilliger: de map met post is bijgewerkt en overzichtelijk.",
            ),
        ),
    ),
    Theme(
        questions=(
            "Zit al lange tijd thuis zonder werk en wil weer meedoen. Zoekt vrijwilligerswerk of "
            "dagbesteding.",
        ),
        goals=(
            "Proefplaatsing als vrijwilliger in de kringloopwinkel",
            "Vast dagritme met drie dagdelen activiteit",
            "Gesprek met het werkgeversservicepunt",
        ),
        notes=(
            (
                "meeting",
                "Gesprek op kantoor: interesses en ervaring op een rij gezet; "
                "voorkeur voor werk met de handen.",
            ),
            ("phone", "Telefonisch contact met de kringloopwinkel: proefdag volgende week."),
            ("home_visit", "Huisbezoek: de proefplaatsing bevalt; inwoner wil er een dagdeel bij."),
        ),
    ),
]

CLOSING_NOTE = (
    "meeting",
    "Afsluitend gesprek: de doelen zijn samen doorgelopen. Inwoner weet de weg naar het sociaal "
    "werk als er iets verandert.",
)
WITHDRAWN_NOTE = (
    "phone",
    "Inwoner ziet af van verdere hulp; traject in overleg afgesloten.",
)

# Special category: health (allowed under 'hulptrajecten', Art. 9(2)(h)).
HEALTH_NOTES = [
    "Inwoner vertelt dat de somberheidsklachten zijn toegenomen; heeft op advies contact "
    "opgenomen met de praktijkondersteuner GGZ van de huisarts.",
    "Gebruikt sinds kort medicatie voor de slaapproblemen; merkt dat de afspraken overdag "
    "daardoor beter lukken.",
    "Heeft na een heupoperatie moeite met traplopen; mogelijkheden voor een traplift via de Wmo "
    "besproken.",
    "Partner heeft de diagnose dementie gekregen; de casemanager dementie is betrokken.",
    "Inwoner geeft aan dat het alcoholgebruik de laatste maanden is toegenomen; een verwijzing "
    "naar de verslavingszorg besproken, inwoner denkt erover na.",
    "Diabetes is slecht ingesteld doordat maaltijden worden overgeslagen; de wijkverpleging "
    "kijkt mee.",
]
# Special category: criminal data (Art. 10), also allowed under 'hulptrajecten'.
CRIMINAL_NOTES = [
    "Inwoner heeft een taakstraf lopen; de afspraken van de reclassering en van het traject zijn "
    "op elkaar afgestemd.",
    "Na detentie teruggekeerd in de wijk; met de reclassering afgestemd over huisvesting en "
    "inkomen.",
]

PROGRESS_NOTES = {
    "working": [
        "Eerste stappen gezet; nog niet alles geregeld.",
        "Loopt; volgende afspraak over twee weken.",
        "Gaat met ups en downs, inwoner blijft gemotiveerd.",
    ],
    "achieved": [
        "Bereikt; inwoner kan dit nu zelfstandig.",
        "Afgerond en geëvalueerd met de inwoner.",
        "Gelukt, sneller dan verwacht.",
    ],
    "dropped": [
        "Vervallen: inwoner wilde dit toch niet meer.",
        "Vervallen na een verhuizing; niet meer nodig.",
        "Vervallen; een andere organisatie pakt dit op.",
    ],
}

TRAJECTORY_DOCUMENTS = ["Plan van aanpak", "Budgetoverzicht", "Afsprakenlijst"]

# -- projects -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectSpec:
    name: str
    team: str
    description: str
    started_days_ago: int
    ended_days_ago: int | None
    meals: bool  # participants may state dietary wishes from their religion (Art. 9(2)(a))
    activities: tuple[tuple[int, str, str], ...]  # (days from today, title, description)


PROJECTS = [
    ProjectSpec(
        name="Samen aan tafel",
        team="Team Noord",
        description=(
            "Elke donderdag een gezamenlijke maaltijd in buurthuis Het Kruispunt voor wie niet "
            "graag alleen eet. Deelnemers koken om de beurt mee; dieetwensen, ook vanuit geloof "
            "of levensovertuiging, worden vooraf gevraagd."
        ),
        started_days_ago=320,
        ended_days_ago=None,
        meals=True,
        activities=(
            (-300, "Eerste maaltijd: stamppot", "Kennismaking en afspraken over koken."),
            (-180, "Kookavond: Surinaamse keuken", "Twee deelnemers koken hun eigen recept."),
            (-60, "Oogstmaaltijd", "Met groente uit de buurtmoestuin."),
            (-4, "Donderdagmaaltijd", "Vaste maaltijd; aanmelden tot woensdag."),
            (10, "Donderdagmaaltijd", "Vaste maaltijd; aanmelden tot woensdag."),
            (26, "Winterdiner", "Feestelijke maaltijd met muziek."),
        ),
    ),
    ProjectSpec(
        name="Taalcafé Noord",
        team="Team Noord",
        description=(
            "Wekelijks oefenen met Nederlands praten en lezen, met vrijwilligers als taalmaatje. "
            "Voor iedereen die de taal beter wil leren, in een ontspannen sfeer."
        ),
        started_days_ago=210,
        ended_days_ago=None,
        meals=False,
        activities=(
            (-200, "Start taalcafé", "Kennismaking en niveaubepaling."),
            (-90, "Thema: naar de huisarts", "Oefenen met een afspraak maken."),
            (-7, "Thema: post en formulieren", "Samen brieven lezen."),
            (7, "Thema: de feestdagen", "Vertellen over tradities."),
        ),
    ),
    ProjectSpec(
        name="Repaircafé Zuid",
        team="Team Zuid",
        description=(
            "Eén zaterdag per maand samen kapotte spullen repareren: kleding, fietsen, lampen en "
            "kleine apparaten. Buurtbewoners helpen elkaar en leren van elkaar."
        ),
        started_days_ago=400,
        ended_days_ago=None,
        meals=False,
        activities=(
            (-380, "Eerste repaircafé", "Met vrijwilligers van de fietsenwerkplaats."),
            (-120, "Repaircafé: fietsen", "Fietsen winterklaar maken."),
            (-30, "Repaircafé: kleding", "Naaimachines beschikbaar."),
            (14, "Repaircafé", "Alle reparaties welkom."),
        ),
    ),
    ProjectSpec(
        name="Wandelgroep Langedijk",
        team="Team Langedijk",
        description=(
            "Twee keer per week een wandeling van een uur door de dorpen, voor wie in beweging "
            "wil komen en nieuwe mensen wil ontmoeten. Na afloop koffie."
        ),
        started_days_ago=250,
        ended_days_ago=None,
        meals=False,
        activities=(
            (-240, "Eerste wandeling", "Rondje langs de haven."),
            (-100, "Lange wandeling", "Met picknick onderweg."),
            (-3, "Dinsdagwandeling", "Vertrek bij het dorpshuis."),
            (4, "Vrijdagwandeling", "Vertrek bij het dorpshuis."),
        ),
    ),
    ProjectSpec(
        name="Zomerweek Langedijk 2026",
        team="Team Langedijk",
        description=(
            "Een week met activiteiten voor gezinnen die niet op vakantie gaan: knutselen, "
            "zwemmen en een slotfeest. Afgelopen; de evaluatie is gedaan."
        ),
        started_days_ago=150,
        ended_days_ago=110,
        meals=False,
        activities=(
            (-145, "Knutselmiddag", "Voor kinderen van 4 tot 12 jaar."),
            (-142, "Zwemmiddag", "Met begeleiding van vrijwilligers."),
            (-140, "Slotfeest", "Met de hele buurt."),
        ),
    ),
]

PROJECT_NOTES = [
    (
        "meeting",
        "Kennismakingsgesprek: vertelde graag nieuwe mensen te willen leren kennen; "
        "toestemmingsformulier doorgenomen.",
    ),
    ("meeting", "Aanwezig bij de activiteit; wil de volgende keer helpen met de voorbereiding."),
    (
        "phone",
        "Telefonisch contact: kon twee weken niet komen vanwege familiebezoek, komt daarna weer.",
    ),
    ("phone", "Gebeld om de nieuwe data door te geven; komt graag weer."),
]
# Special category: religion (allowed under 'projecten' only with explicit consent).
RELIGION_NOTES = [
    "Deelnemer eet halal vanwege het geloof; bij de maaltijden wordt een halal gerecht apart "
    "gehouden.",
    "Deelnemer vast tijdens de ramadan en schuift die weken aan bij de maaltijd na zonsondergang.",
    "Deelnemer eet op vrijdag geen vlees vanuit de katholieke traditie; de kookgroep houdt hier "
    "rekening mee.",
    "Deelnemer eet koosjer vanuit de joodse traditie en neemt bij de maaltijden een eigen "
    "maaltijd mee.",
    "Deelnemer eet vanuit het hindoeïstische geloof geen rundvlees; een vegetarische optie is "
    "afgesproken.",
]

# -- the other purposes ---------------------------------------------------------------------

OTHER_NOTES = {
    "buurtbemiddeling": [
        (
            "meeting",
            "Intakegesprek met de aanmelder: geluidsoverlast van de bovenburen, vooral "
            "'s nachts. Uitgelegd hoe buurtbemiddeling werkt.",
        ),
        (
            "phone",
            "Telefonisch contact met de wederpartij: staat open voor een gesprek onder "
            "begeleiding van twee bemiddelaars.",
        ),
        (
            "meeting",
            "Bemiddelingsgesprek in het buurthuis: afspraken gemaakt over stille uren "
            "na tien uur 's avonds.",
        ),
        (
            "phone",
            "Nazorggesprek: de afspraken worden nageleefd; beide partijen groeten elkaar weer.",
        ),
        (
            "home_visit",
            "Huisbezoek over de erfgrens en een overhangende boom; aanmelder wil "
            "eerst zelf een brief sturen.",
        ),
    ],
    "vrijwilligers": [
        (
            "meeting",
            "Kennismakingsgesprek: wil op dinsdagmiddag helpen bij het taalcafé; VOG aangevraagd.",
        ),
        (
            "meeting",
            "Evaluatiegesprek na drie maanden: het werk bevalt goed, wil er een dagdeel bij.",
        ),
        ("phone", "Telefonisch contact: VOG is binnen; vrijwilligersovereenkomst getekend."),
    ],
    "klachten": [
        (
            "meeting",
            "Gesprek met de klager: afspraken werden te vaak verzet. Excuses aangeboden "
            "en een vaste contactpersoon toegezegd.",
        ),
        (
            "meeting",
            "Klacht besproken met de betrokken medewerker; de klager krijgt binnen twee "
            "weken een schriftelijke reactie.",
        ),
        (
            "phone",
            "Telefonisch contact: de klager is tevreden met de oplossing; klacht afgehandeld.",
        ),
    ],
}

# -- informing (Art. 13/14) -----------------------------------------------------------------

# Art. 14(5)(d): the data came under a professional secrecy that informing would break.
SECRECY_REASONS = [
    "De melding komt van de huisarts en valt onder het medisch beroepsgeheim; de inwoner hoort "
    "wel dat Kwartier gegevens verwerkt, maar niet van wie de melding komt. Besproken met de "
    "privacyfunctionaris.",
    "Gegevens verstrekt door een hulpverlener met een beroepsgeheim; de bron blijft "
    "vertrouwelijk. Vastgelegd na overleg met de teamleider.",
    "De melder heeft een wettelijke geheimhoudingsplicht; de bron wordt niet genoemd. De "
    "inwoner wordt bij het eerste contact over de verwerking zelf geïnformeerd.",
]
