"""The fictional organizations of the demo network, written out by hand.

Nothing here depends on the clock or on a random generator, so every load
produces the same records. Defaults for the fields a record leaves empty are
filled in by partners.demo.organizations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass

from partners.models import GovernmentLevel, SizeBand, Unionized


@dataclass(frozen=True)
class DemoOrganization:
    """A fictional organization as written in the tables.

    `key` is a lower-case DNS label: it names the record for updates and is the
    host of the default website and email address. `province` is a two-letter
    code and `regions` contains two-letter codes or "CA" for the whole country.
    Fields left empty take defaults from the province and the kind (see
    partners.demo.organizations.organization_fields). `described_in` is "en",
    "fr" or "both" and applies only when neither description is written out.
    `insecure_website` gives the website an http:// address instead of https://.
    """

    key: str
    name: str
    kind: str
    city: str
    province: str
    _: KW_ONLY
    alternate_name: str = ""
    description_en: str = ""
    description_fr: str = ""
    described_in: str = ""
    government_level: str = ""
    size_band: str = ""
    unionized: str = ""
    sector: str = ""
    regions: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    other_languages: str = ""
    indigenous_led: bool = False
    insecure_website: bool = False


def search_and_layout_cases() -> list[DemoOrganization]:
    """Organizations that directory search, pagination and page layout tests rely on.

    They cover accented and unaccented spellings of Montréal, a name of about 250
    characters, a 70-character word, both kinds of apostrophe, hyphens, the
    ligature œ, a name in Inuktitut syllabics and four organizations that share
    one name.
    """
    return [
        DemoOrganization(
            "reim",
            "Réseau d'emploi inclusif de Montréal",
            "disability-organization",
            "Montréal",
            "QC",
            alternate_name="Montréal Inclusive Employment Network",
            languages=("fr", "en", "fcs"),
            description_fr=(
                "Regroupement dirigé par des personnes handicapées qui accompagne les "
                "chercheurs d'emploi et les employeurs de Montréal vers des milieux de "
                "travail inclusifs."
            ),
        ),
        DemoOrganization(
            "inclusivetech",
            "Inclusive Tech Apprenticeships",
            "social-enterprise",
            "Montreal",
            "QC",
            size_band=SizeBand.SMALL,
            unionized=Unionized.NO,
            sector="54",
            languages=("en", "fr"),
            description_en=(
                "Paid software testing apprenticeships for autistic and neurodivergent "
                "adults, with job placements at Montreal technology firms."
            ),
            description_fr=(
                "Apprentissages rémunérés en assurance qualité logicielle pour des adultes "
                "autistes ou neurodivergents, suivis de placements dans des entreprises "
                "technologiques de Montréal."
            ),
        ),
        DemoOrganization(
            "pairs-emploi",
            "Entraide Pairs-Emploi Laval",
            "disability-organization",
            "Laval",
            "QC",
            regions=("QC",),
            description_fr=(
                "Mentorat par les pairs pour les personnes handicapées en recherche d'emploi. "
                "Partenaire fondateur du Salon de l'emploi inclusif du Grand MONTRÉAL."
            ),
        ),
        DemoOrganization(
            "atlantic-wil",
            "Atlantic Consortium of Colleges, Universities, School Boards, Employers and "
            "Disability-Led Organizations for Accessible Apprenticeships, Work-Integrated "
            "Learning and the School-to-Work Transition of Young People with Disabilities "
            "in Atlantic Canada",
            "college",
            "Halifax",
            "NS",
            alternate_name="Atlantic Accessible Work-Integrated Learning Consortium",
            regions=("NS", "NB", "PE", "NL"),
            languages=("en", "fr"),
            description_en=(
                "A consortium of 23 members that shares accessible apprenticeship and co-op "
                "placements among colleges, universities and employers in the four Atlantic "
                "provinces."
            ),
            description_fr=(
                "Consortium de 23 membres qui met en commun des stages et des apprentissages "
                "accessibles entre collèges, universités et employeurs des quatre provinces "
                "de l'Atlantique."
            ),
        ),
        DemoOrganization(
            "accessible-now",
            "AccessibleEmploymentAndInclusiveWorkplacesForPeopleWithDisabilitiesNow Society",
            "disability-organization",
            "Vancouver",
            "BC",
            other_languages="Mandarin, Cantonese, Punjabi",
            description_en=(
                "A disability-led society named after its online campaign, which asks British "
                "Columbia employers to publish accessible job postings."
            ),
        ),
        DemoOrganization(
            "cito",
            "Centre d’intégration au travail de l’Outaouais",
            "employment-service-provider",
            "Gatineau",
            "QC",
            regions=("QC", "ON"),
            languages=("fr", "en"),
        ),
        DemoOrganization(
            "coeur-ouvrage",
            "Fondation Cœur à l’ouvrage",
            "funder",
            "Québec",
            "QC",
            alternate_name="Heart at Work Foundation",
            description_fr=(
                "Fondation privée qui finance des projets d'intégration au travail menés par "
                "et pour des personnes handicapées partout au Québec."
            ),
        ),
        DemoOrganization(
            "wden",
            "Women's Disability Employment Network",
            "disability-organization",
            "Toronto",
            "ON",
            regions=("CA",),
            languages=("en", "fr"),
            described_in="both",
        ),
        DemoOrganization(
            "travail-inclusion",
            "Coopérative Travail-Inclusion de Saint-Jean-sur-Richelieu",
            "social-enterprise",
            "Saint-Jean-sur-Richelieu",
            "QC",
            size_band=SizeBand.SMALL,
            unionized=Unionized.NO,
            sector="56",
        ),
        DemoOrganization(
            "inuit-workplace",
            "ᐃᓄᐃᑦ ᐱᓕᕆᐊᕐᕕᖓ",
            "employment-service-provider",
            "Iqaluit",
            "NU",
            alternate_name="Inuit Employment Centre",
            other_languages="Inuktitut, Inuinnaqtun",
            indigenous_led=True,
            description_en=(
                "Inuit-run employment centre offering job coaching in Inuktitut, Inuinnaqtun "
                "and English to Nunavummiut with disabilities."
            ),
        ),
        DemoOrganization(
            "cep-halifax",
            "Community Employment Partners",
            "employment-service-provider",
            "Halifax",
            "NS",
        ),
        DemoOrganization(
            "cep-regina",
            "Community Employment Partners",
            "employment-service-provider",
            "Regina",
            "SK",
        ),
        DemoOrganization(
            "cep-kelowna",
            "Community Employment Partners",
            "employment-service-provider",
            "Kelowna",
            "BC",
        ),
        DemoOrganization(
            "cep-sudbury",
            "Community Employment Partners",
            "employment-service-provider",
            "Sudbury",
            "ON",
            languages=("en", "fr"),
            described_in="both",
        ),
    ]


def disability_organizations() -> list[DemoOrganization]:
    """Disability-led and disability-serving organizations."""
    kind = "disability-organization"
    return [
        DemoOrganization(
            "low-vision-workers",
            "Low Vision Workers Network",
            kind,
            "Ottawa",
            "ON",
            alternate_name="Réseau des travailleurs ayant une basse vision",
            regions=("CA",),
            languages=("en", "fr"),
            described_in="both",
        ),
        DemoOrganization(
            "sourds-estrie",
            "Regroupement des personnes sourdes de l'Estrie",
            kind,
            "Sherbrooke",
            "QC",
            languages=("fr", "fcs"),
        ),
        DemoOrganization(
            "autism-ns", "Autism Employment Network of Nova Scotia", kind, "Dartmouth", "NS"
        ),
        DemoOrganization(
            "self-advocates-sk", "Saskatchewan Self-Advocates for Work", kind, "Saskatoon", "SK"
        ),
        DemoOrganization(
            "ab-council",
            "Alberta Council of Disability-Led Organizations",
            kind,
            "Edmonton",
            "AB",
            regions=("AB",),
        ),
        DemoOrganization(
            "mb-leadership",
            "Manitoba Disability Leadership Circle",
            kind,
            "Winnipeg",
            "MB",
            other_languages="Tagalog",
        ),
        DemoOrganization(
            "neurodivergent-pei", "Neurodivergent Workers of PEI", kind, "Summerside", "PE"
        ),
        DemoOrganization(
            "peer-workers-nl",
            "Newfoundland Mental Health Peer Workers Association",
            kind,
            "St. John's",
            "NL",
        ),
        DemoOrganization(
            "aaph",
            "Association acadienne des personnes handicapées",
            kind,
            "Edmundston",
            "NB",
            alternate_name="Acadian Association of Persons with Disabilities",
        ),
        DemoOrganization(
            "pride-yukon", "Yukon Disability Pride Collective", kind, "Whitehorse", "YT"
        ),
        DemoOrganization(
            "nunavut-circle",
            "Kitikmeot Disability and Work Circle",
            kind,
            "Cambridge Bay",
            "NU",
            other_languages="Inuinnaqtun",
            indigenous_led=True,
        ),
        DemoOrganization(
            "fn-disability-circle",
            "First Nations Disability Employment Circle",
            kind,
            "Prince Albert",
            "SK",
            regions=("SK", "MB", "AB"),
            other_languages="Cree, Dene",
            indigenous_led=True,
        ),
        DemoOrganization(
            "deafblind-bc",
            "Deafblind Workers of British Columbia",
            kind,
            "Surrey",
            "BC",
            languages=("en", "ase"),
            other_languages="Punjabi",
        ),
        DemoOrganization(
            "brain-injury-rtw",
            "Brain Injury Return-to-Work Association of Ontario",
            kind,
            "London",
            "ON",
        ),
        DemoOrganization(
            "wheelchair-workers",
            "Ontario Wheelchair Users at Work",
            kind,
            "Hamilton",
            "ON",
            insecure_website=True,
        ),
    ]


def governments() -> list[DemoOrganization]:
    """Federal, provincial, territorial, municipal, First Nations, Inuit and Métis governments."""
    kind = "government"
    return [
        DemoOrganization(
            "fed-inclusion",
            "Federal Office for Inclusive Hiring",
            kind,
            "Ottawa",
            "ON",
            alternate_name="Bureau fédéral de l'embauche inclusive",
            government_level=GovernmentLevel.FEDERAL,
            regions=("CA",),
            languages=("en", "fr", "ase", "fcs"),
            description_en=(
                "Federal agency that funds national partnerships for the employment of people "
                "with disabilities and reports on hiring targets."
            ),
            description_fr=(
                "Organisme fédéral qui finance des partenariats nationaux pour l'emploi des "
                "personnes handicapées et rend compte des cibles d'embauche."
            ),
        ),
        DemoOrganization(
            "fed-secretariat",
            "Accessible Public Service Secretariat",
            kind,
            "Gatineau",
            "QC",
            alternate_name="Secrétariat de la fonction publique accessible",
            government_level=GovernmentLevel.FEDERAL,
            regions=("CA",),
            languages=("en", "fr", "ase", "fcs"),
            description_en=(
                "Helps federal departments recruit, accommodate and promote public servants "
                "with disabilities."
            ),
            description_fr=(
                "Aide les ministères fédéraux à recruter des fonctionnaires handicapés, à leur "
                "offrir des mesures d'adaptation et à favoriser leur avancement."
            ),
        ),
        DemoOrganization(
            "nl-inclusion",
            "Newfoundland and Labrador Workforce Inclusion Division",
            kind,
            "St. John's",
            "NL",
            government_level=GovernmentLevel.PROVINCIAL,
            description_en=(
                "Provincial division that funds wage subsidies and job coaching for people "
                "with disabilities in Newfoundland and Labrador."
            ),
        ),
        DemoOrganization(
            "pei-employment",
            "PEI Accessible Employment Office",
            kind,
            "Charlottetown",
            "PE",
            government_level=GovernmentLevel.PROVINCIAL,
            languages=("en", "fr"),
            description_en=(
                "Runs the province's disability employment programs and a single point of "
                "contact for employers."
            ),
        ),
        DemoOrganization(
            "nb-secretariat",
            "New Brunswick Inclusive Workforce Secretariat",
            kind,
            "Fredericton",
            "NB",
            alternate_name="Secrétariat de la main-d'œuvre inclusive du Nouveau-Brunswick",
            government_level=GovernmentLevel.PROVINCIAL,
            description_en=(
                "Coordinates inclusive employment programs across provincial departments, in "
                "English and French."
            ),
            description_fr=(
                "Coordonne les programmes d'emploi inclusif des ministères provinciaux, en "
                "français et en anglais."
            ),
        ),
        DemoOrganization(
            "sqeph",
            "Secrétariat québécois à l'emploi des personnes handicapées",
            kind,
            "Québec",
            "QC",
            government_level=GovernmentLevel.PROVINCIAL,
            languages=("fr", "en", "fcs"),
            description_fr=(
                "Coordonne la stratégie québécoise pour l'intégration et le maintien en emploi "
                "des personnes handicapées."
            ),
        ),
        DemoOrganization(
            "on-directorate",
            "Ontario Accessible Employment Directorate",
            kind,
            "Toronto",
            "ON",
            government_level=GovernmentLevel.PROVINCIAL,
            languages=("en", "fr"),
            description_en=(
                "Sets accessible employment standards for Ontario employers and funds regional "
                "employment partnerships."
            ),
        ),
        DemoOrganization(
            "mb-strategy",
            "Manitoba Disability Employment Strategy Office",
            kind,
            "Winnipeg",
            "MB",
            government_level=GovernmentLevel.PROVINCIAL,
            description_en=(
                "Leads the provincial strategy on disability and work, guided by a council "
                "where people with disabilities hold most seats."
            ),
        ),
        DemoOrganization(
            "ab-accessibility",
            "Alberta Workplace Accessibility Branch",
            kind,
            "Edmonton",
            "AB",
            government_level=GovernmentLevel.PROVINCIAL,
            description_en=(
                "Funds workplace accommodations and assistive technology for Albertans with "
                "disabilities."
            ),
        ),
        DemoOrganization(
            "yt-inclusion",
            "Yukon Employment Inclusion Unit",
            kind,
            "Whitehorse",
            "YT",
            government_level=GovernmentLevel.TERRITORIAL,
            languages=("en", "fr"),
            description_en=(
                "Territorial unit that pays for job coaches and accessible transport to work "
                "in Yukon communities."
            ),
        ),
        DemoOrganization(
            "nt-disability-work",
            "Northwest Territories Office of Disability and Work",
            kind,
            "Yellowknife",
            "NT",
            government_level=GovernmentLevel.TERRITORIAL,
            languages=("en", "fr"),
            other_languages="Tłı̨chǫ, Dene Zhatıé, Inuvialuktun",
            description_en=(
                "Helps employers in every community of the Northwest Territories hire "
                "residents with disabilities."
            ),
        ),
        DemoOrganization(
            "nu-employment",
            "Nunavut Department of Inclusive Employment",
            kind,
            "Iqaluit",
            "NU",
            government_level=GovernmentLevel.TERRITORIAL,
            languages=("en", "fr"),
            other_languages="Inuktitut, Inuinnaqtun",
            description_en=(
                "Runs Inuit-led training and employment programs for Nunavummiut with disabilities."
            ),
        ),
        DemoOrganization(
            "maple-harbour",
            "Town of Maple Harbour",
            kind,
            "Maple Harbour",
            "NS",
            government_level=GovernmentLevel.MUNICIPAL,
            description_en=(
                "Municipal employer that sets aside summer jobs and apprenticeships for "
                "residents with disabilities."
            ),
        ),
        DemoOrganization(
            "riviere-aux-erables",
            "Ville de Rivière-aux-Érables",
            kind,
            "Rivière-aux-Érables",
            "QC",
            government_level=GovernmentLevel.MUNICIPAL,
            description_fr=(
                "Municipalité qui publie des offres d'emploi accessibles et offre des stages "
                "rémunérés aux résidents handicapés."
            ),
        ),
        DemoOrganization(
            "prairie-crossing",
            "City of Prairie Crossing",
            kind,
            "Prairie Crossing",
            "SK",
            government_level=GovernmentLevel.MUNICIPAL,
            insecure_website=True,
            description_en=(
                "Runs an accessible hiring program for city jobs and funds accessible transit "
                "to work."
            ),
        ),
        DemoOrganization(
            "red-cedar",
            "Red Cedar First Nation",
            kind,
            "Red Cedar",
            "BC",
            government_level=GovernmentLevel.FIRST_NATIONS,
            other_languages="Halq'eméylem",
            indigenous_led=True,
            description_en=(
                "First Nation government whose employment and training office places members "
                "with disabilities in jobs on and off reserve."
            ),
        ),
        DemoOrganization(
            "willow-lake",
            "Willow Lake Cree Nation",
            kind,
            "Willow Lake",
            "SK",
            government_level=GovernmentLevel.FIRST_NATIONS,
            other_languages="Cree",
            indigenous_led=True,
            description_en="Band-run employment office offering job coaching in Cree and English.",
        ),
        DemoOrganization(
            "nunavik-council",
            "Nunavik Regional Inuit Employment Council",
            kind,
            "Kuujjuaq",
            "QC",
            alternate_name="Conseil régional inuit de l'emploi du Nunavik",
            government_level=GovernmentLevel.INUIT,
            languages=("en", "fr"),
            other_languages="Inuktitut",
            indigenous_led=True,
            description_en=(
                "Regional Inuit body that funds training and employment for Nunavimmiut with "
                "disabilities in the 14 communities of Nunavik."
            ),
            description_fr=(
                "Organisme régional inuit qui finance la formation et l'emploi des Nunavimmiut "
                "handicapés dans les 14 communautés du Nunavik."
            ),
        ),
        DemoOrganization(
            "metis-settlements",
            "Prairie Métis Settlements Employment Council",
            kind,
            "Lac La Biche",
            "AB",
            government_level=GovernmentLevel.METIS,
            other_languages="Michif, Cree",
            indigenous_led=True,
            description_en=(
                "Métis governing council that runs employment programs for settlement members "
                "with disabilities."
            ),
        ),
    ]


def businesses() -> list[DemoOrganization]:
    """Small, medium and large employers, unionized or not, across NAICS sectors."""
    kind = "business"
    small, medium, large = SizeBand.SMALL, SizeBand.MEDIUM, SizeBand.LARGE
    yes, no, unknown = Unionized.YES, Unionized.NO, Unionized.UNKNOWN
    return [
        DemoOrganization(
            "northern-shield",
            "Northern Shield Insurance",
            kind,
            "Toronto",
            "ON",
            size_band=large,
            unionized=no,
            sector="52",
            regions=("CA",),
            languages=("en", "fr"),
            described_in="both",
        ),
        DemoOrganization(
            "assurances-fleuve",
            "Assurances Fleuve-Saint-Laurent",
            kind,
            "Lévis",
            "QC",
            size_band=large,
            unionized=unknown,
            sector="52",
            regions=("QC", "NB"),
        ),
        DemoOrganization(
            "prairie-harvest",
            "Prairie Harvest Foods",
            kind,
            "Saskatoon",
            "SK",
            size_band=medium,
            unionized=yes,
            sector="31-33",
        ),
        DemoOrganization(
            "maritime-fresh",
            "Maritime Fresh Seafoods",
            kind,
            "Yarmouth",
            "NS",
            size_band=medium,
            unionized=yes,
            sector="11",
        ),
        DemoOrganization(
            "coastline-logistics",
            "Coastline Logistics",
            kind,
            "Delta",
            "BC",
            size_band=large,
            unionized=yes,
            sector="48-49",
            regions=("BC", "AB"),
        ),
        DemoOrganization(
            "boreal-timber",
            "Boreal Timber Products",
            kind,
            "Prince George",
            "BC",
            size_band=medium,
            unionized=yes,
            sector="31-33",
        ),
        DemoOrganization(
            "aurora-hotels",
            "Aurora Mountain Hotels",
            kind,
            "Banff",
            "AB",
            size_band=medium,
            unionized=no,
            sector="72",
        ),
        DemoOrganization(
            "quincaillerie-beaulieu",
            "Quincaillerie Beaulieu et Fils",
            kind,
            "Sherbrooke",
            "QC",
            size_band=small,
            unionized=no,
            sector="44-45",
            insecure_website=True,
        ),
        DemoOrganization(
            "pixel-nord",
            "Studio Pixel Nord",
            kind,
            "Québec",
            "QC",
            size_band=small,
            unionized=no,
            sector="51",
            languages=("fr", "en"),
        ),
        DemoOrganization(
            "clearwater-software",
            "Clearwater Software Co-op",
            kind,
            "Waterloo",
            "ON",
            size_band=small,
            unionized=no,
            sector="54",
        ),
        DemoOrganization(
            "great-lakes-steel",
            "Great Lakes Steelworks",
            kind,
            "Hamilton",
            "ON",
            size_band=large,
            unionized=yes,
            sector="31-33",
        ),
        DemoOrganization(
            "lakeview-cu",
            "Lakeview Community Credit Union",
            kind,
            "Brandon",
            "MB",
            size_band=medium,
            unionized=no,
            sector="52",
        ),
        DemoOrganization(
            "tundra-air",
            "Tundra Air Services",
            kind,
            "Yellowknife",
            "NT",
            size_band=small,
            unionized=yes,
            sector="48-49",
            regions=("NT", "NU"),
            other_languages="Tłı̨chǫ",
            indigenous_led=True,
        ),
        DemoOrganization(
            "klondike-outfitters",
            "Klondike Outfitters",
            kind,
            "Whitehorse",
            "YT",
            size_band=small,
            unionized=no,
            sector="44-45",
        ),
        DemoOrganization(
            "iceberg-tours",
            "Iceberg Alley Boat Tours",
            kind,
            "Twillingate",
            "NL",
            size_band=small,
            unionized=no,
            sector="71",
        ),
        DemoOrganization(
            "island-potato",
            "Island Potato Growers Co-operative",
            kind,
            "Summerside",
            "PE",
            size_band=medium,
            unionized=unknown,
            sector="11",
        ),
        DemoOrganization(
            "fundy-tidal",
            "Fundy Tidal Energy",
            kind,
            "Saint John",
            "NB",
            alternate_name="Énergie marémotrice de Fundy",
            size_band=large,
            unionized=yes,
            sector="22",
        ),
        DemoOrganization(
            "acadie-construction",
            "Entreprises Acadie Construction",
            kind,
            "Moncton",
            "NB",
            size_band=medium,
            unionized=yes,
            sector="23",
        ),
        DemoOrganization(
            "chinook-energy",
            "Chinook Energy Services",
            kind,
            "Calgary",
            "AB",
            size_band=large,
            unionized=no,
            sector="21",
            regions=("AB", "SK", "BC"),
        ),
        DemoOrganization(
            "cascadia-health",
            "Cascadia Health Clinics",
            kind,
            "Victoria",
            "BC",
            size_band=medium,
            unionized=yes,
            sector="62",
        ),
        DemoOrganization(
            "rideau-contact",
            "Rideau Contact Centre Solutions",
            kind,
            "Ottawa",
            "ON",
            size_band=medium,
            unionized=no,
            sector="56",
            regions=("ON", "QC"),
            languages=("en", "fr"),
        ),
        DemoOrganization(
            "qajaq-construction",
            "Qajaq Construction",
            kind,
            "Iqaluit",
            "NU",
            size_band=small,
            unionized=no,
            sector="23",
            other_languages="Inuktitut",
            indigenous_led=True,
        ),
        DemoOrganization(
            "pharmacie-dumont",
            "Pharmacie Dumont",
            kind,
            "Trois-Rivières",
            "QC",
            size_band=small,
            unionized=no,
            sector="44-45",
        ),
    ]


def labour_and_business_groups() -> list[DemoOrganization]:
    """Labour unions, chambers of commerce and business or professional associations."""
    union = "labour-union"
    chamber = "chamber-of-commerce"
    association = "business-association"
    return [
        DemoOrganization(
            "service-care-union",
            "National Union of Service and Care Workers",
            union,
            "Ottawa",
            "ON",
            alternate_name="Syndicat national des travailleuses et travailleurs des services",
            regions=("CA",),
            languages=("en", "fr"),
            described_in="both",
        ),
        DemoOrganization(
            "workers-caucus",
            "Ontario Workers' Disability Rights Caucus",
            union,
            "Toronto",
            "ON",
            regions=("ON",),
        ),
        DemoOrganization(
            "hotellerie-quebec",
            "Syndicat des travailleuses et travailleurs de l'hôtellerie de Québec",
            union,
            "Québec",
            "QC",
        ),
        DemoOrganization(
            "bc-trades", "BC Building Trades Accessibility Committee", union, "Burnaby", "BC"
        ),
        DemoOrganization(
            "grain-handlers", "Prairie Grain Handlers Union, Local 214", union, "Regina", "SK"
        ),
        DemoOrganization(
            "fish-plant-workers",
            "Atlantic Fish Plant Workers Union",
            union,
            "Marystown",
            "NL",
            regions=("NL", "NS", "PE", "NB"),
        ),
        DemoOrganization(
            "cci-mauricie",
            "Chambre de commerce inclusive de la Mauricie",
            chamber,
            "Trois-Rivières",
            "QC",
        ),
        DemoOrganization(
            "winnipeg-chamber", "Winnipeg Inclusive Business Chamber", chamber, "Winnipeg", "MB"
        ),
        DemoOrganization(
            "okanagan-chamber",
            "Okanagan Accessible Business Chamber",
            chamber,
            "Kelowna",
            "BC",
            insecure_website=True,
        ),
        DemoOrganization(
            "ccane",
            "Chambre de commerce acadienne du Nord-Est",
            chamber,
            "Bathurst",
            "NB",
        ),
        DemoOrganization(
            "great-slave-chamber", "Great Slave Business Chamber", chamber, "Yellowknife", "NT"
        ),
        DemoOrganization(
            "waterfront-chamber",
            "Charlottetown Waterfront Chamber of Commerce",
            chamber,
            "Charlottetown",
            "PE",
        ),
        DemoOrganization(
            "caae",
            "Canadian Association of Accessible Employers",
            association,
            "Toronto",
            "ON",
            alternate_name="Association canadienne des employeurs accessibles",
            regions=("CA",),
            languages=("en", "fr"),
            described_in="both",
        ),
        DemoOrganization(
            "aprhi",
            "Association des professionnels en ressources humaines inclusives du Québec",
            association,
            "Montréal",
            "QC",
        ),
        DemoOrganization(
            "ab-manufacturers",
            "Alberta Manufacturers for Inclusion",
            association,
            "Edmonton",
            "AB",
        ),
        DemoOrganization(
            "atlantic-tourism",
            "Atlantic Tourism Operators Association",
            association,
            "Halifax",
            "NS",
            regions=("NS", "NB", "PE", "NL"),
        ),
        DemoOrganization(
            "sk-contractors",
            "Saskatchewan Accessible Construction Contractors Association",
            association,
            "Regina",
            "SK",
        ),
        DemoOrganization(
            "indigenous-professionals-mb",
            "Indigenous Professionals Network of Manitoba",
            association,
            "Winnipeg",
            "MB",
            other_languages="Anishinaabemowin, Cree",
            indigenous_led=True,
        ),
    ]


def education() -> list[DemoOrganization]:
    """School boards, colleges and universities."""
    school_board = "school-board"
    college = "college"
    university = "university"
    return [
        DemoOrganization(
            "css-val-des-cedres",
            "Centre de services scolaire du Val-des-Cèdres",
            school_board,
            "Rimouski",
            "QC",
        ),
        DemoOrganization(
            "lakeshore-east-dsb",
            "Lakeshore East District School Board",
            school_board,
            "Kingston",
            "ON",
        ),
        DemoOrganization(
            "cspgl",
            "Conseil scolaire public des Grands Lacs",
            school_board,
            "Sudbury",
            "ON",
            alternate_name="Great Lakes Public French-Language School Board",
            languages=("fr", "en"),
            described_in="both",
        ),
        DemoOrganization(
            "prairie-rivers-sd",
            "Prairie Rivers School Division",
            school_board,
            "Brandon",
            "MB",
        ),
        DemoOrganization(
            "coastal-mountains-sd",
            "Coastal Mountains School District",
            school_board,
            "Squamish",
            "BC",
            other_languages="Sḵwx̱wú7mesh sníchim",
        ),
        DemoOrganization(
            "avalon-sd",
            "Avalon Peninsula School District",
            school_board,
            "St. John's",
            "NL",
        ),
        DemoOrganization(
            "great-bear-education",
            "Great Bear Lake Education Council",
            school_board,
            "Délı̨nę",
            "NT",
            other_languages="North Slavey",
            indigenous_led=True,
        ),
        DemoOrganization("cegep-littoral", "Cégep du Littoral-Nord", college, "Sept-Îles", "QC"),
        DemoOrganization(
            "college-acadie-peninsule",
            "Collège Acadie-Péninsule",
            college,
            "Caraquet",
            "NB",
        ),
        DemoOrganization(
            "superior-north-poly",
            "Superior North Polytechnic",
            college,
            "Thunder Bay",
            "ON",
            other_languages="Ojibwe, Oji-Cree",
        ),
        DemoOrganization("aspen-valley", "Aspen Valley College", college, "Red Deer", "AB"),
        DemoOrganization(
            "qikiqtani-skills",
            "Qikiqtani Trades and Skills Institute",
            college,
            "Pond Inlet",
            "NU",
            other_languages="Inuktitut",
            indigenous_led=True,
        ),
        DemoOrganization(
            "klondike-trades", "Klondike Trades College", college, "Dawson City", "YT"
        ),
        DemoOrganization(
            "fraser-valley-cc",
            "Fraser Valley Community College",
            college,
            "Abbotsford",
            "BC",
            other_languages="Punjabi",
        ),
        DemoOrganization(
            "deux-rives", "Université des Deux-Rives", university, "Trois-Rivières", "QC"
        ),
        DemoOrganization("prairie-sky-u", "Prairie Sky University", university, "Saskatoon", "SK"),
        DemoOrganization(
            "lakeshore-u",
            "Lakeshore University",
            university,
            "Toronto",
            "ON",
            languages=("en", "ase"),
        ),
        DemoOrganization(
            "pacific-rim-u",
            "Pacific Rim University",
            university,
            "Vancouver",
            "BC",
            other_languages="Mandarin, Korean",
        ),
        DemoOrganization(
            "atlantic-shores-u",
            "Atlantic Shores University",
            university,
            "Corner Brook",
            "NL",
            insecure_website=True,
        ),
        DemoOrganization(
            "u-coude",
            "Université acadienne du Coude",
            university,
            "Moncton",
            "NB",
            alternate_name="Acadian University of the Bend",
        ),
        DemoOrganization("chinook-u", "Chinook University", university, "Lethbridge", "AB"),
    ]


def research_centres() -> list[DemoOrganization]:
    """Research centres and academic groups."""
    kind = "research"
    return [
        DemoOrganization(
            "crth",
            "Centre de recherche sur le travail et le handicap",
            kind,
            "Montréal",
            "QC",
            regions=("CA",),
            languages=("fr", "en"),
            described_in="both",
        ),
        DemoOrganization(
            "work-disability-institute",
            "Institute for Work and Disability Studies",
            kind,
            "Toronto",
            "ON",
            regions=("CA",),
        ),
        DemoOrganization(
            "northern-labour-lab",
            "Northern Indigenous Labour Research Lab",
            kind,
            "Yellowknife",
            "NT",
            regions=("NT", "YT", "NU"),
            indigenous_led=True,
        ),
        DemoOrganization(
            "atlantic-research",
            "Atlantic Centre for Accessible Employment Research",
            kind,
            "Fredericton",
            "NB",
            regions=("NB", "NS", "PE", "NL"),
        ),
        DemoOrganization(
            "prairie-data",
            "Prairie Disability Data Collaborative",
            kind,
            "Winnipeg",
            "MB",
            regions=("MB", "SK", "AB"),
        ),
        DemoOrganization(
            "pacific-policy", "Pacific Inclusion Policy Institute", kind, "Victoria", "BC"
        ),
        DemoOrganization(
            "chaire-autisme",
            "Chaire de recherche sur l'inclusion en emploi des personnes autistes",
            kind,
            "Québec",
            "QC",
        ),
    ]


def employment_services() -> list[DemoOrganization]:
    """Employment service providers, beyond those among the hard cases."""
    kind = "employment-service-provider"
    return [
        DemoOrganization(
            "ability-works", "Ability Works Employment Services", kind, "Edmonton", "AB"
        ),
        DemoOrganization(
            "signworks",
            "SignWorks Employment Services",
            kind,
            "Toronto",
            "ON",
            regions=("ON", "MB"),
            languages=("en", "ase"),
        ),
        DemoOrganization(
            "signes-travail",
            "Services d'emploi Signes et Travail",
            kind,
            "Québec",
            "QC",
            languages=("fr", "fcs"),
        ),
        DemoOrganization(
            "northern-pathways",
            "Northern Pathways Employment Centre",
            kind,
            "Thunder Bay",
            "ON",
            other_languages="Ojibwe, Oji-Cree",
            indigenous_led=True,
        ),
        DemoOrganization(
            "riverbend-metis",
            "Riverbend Métis Employment Services",
            kind,
            "Prince Albert",
            "SK",
            other_languages="Michif",
            indigenous_led=True,
        ),
        DemoOrganization("island-job-connect", "Island Job Connect", kind, "Charlottetown", "PE"),
        DemoOrganization(
            "labrador-coast",
            "Labrador Coast Employment Services",
            kind,
            "Happy Valley-Goose Bay",
            "NL",
            other_languages="Innu-aimun, Inuttitut",
            indigenous_led=True,
        ),
        DemoOrganization(
            "yukon-supported",
            "Yukon Supported Employment Society",
            kind,
            "Whitehorse",
            "YT",
            insecure_website=True,
        ),
        DemoOrganization(
            "emploi-nb",
            "Emploi inclusif Nouveau-Brunswick",
            kind,
            "Dieppe",
            "NB",
            alternate_name="Inclusive Employment New Brunswick",
        ),
    ]


def community_organizations() -> list[DemoOrganization]:
    """Community, recreation, sport and leisure organizations."""
    kind = "community-organization"
    return [
        DemoOrganization(
            "adaptive-sports-wpg", "Adaptive Sports Club of Winnipeg", kind, "Winnipeg", "MB"
        ),
        DemoOrganization(
            "parasport-capitale", "Club de parasport de la Capitale", kind, "Québec", "QC"
        ),
        DemoOrganization(
            "halifax-deaf-centre",
            "Halifax Deaf Community Centre",
            kind,
            "Halifax",
            "NS",
            languages=("en", "ase"),
        ),
        DemoOrganization(
            "calgary-adaptive", "Calgary Adaptive Recreation Society", kind, "Calgary", "AB"
        ),
        DemoOrganization(
            "maison-arc-en-ciel",
            "Maison des jeunes Arc-en-ciel de Rimouski",
            kind,
            "Rimouski",
            "QC",
        ),
        DemoOrganization(
            "moncton-arts",
            "Moncton Accessible Arts Collective",
            kind,
            "Moncton",
            "NB",
            alternate_name="Collectif des arts accessibles de Moncton",
        ),
        DemoOrganization(
            "inuvik-drum-dance",
            "Inuvik Youth Drum and Dance Society",
            kind,
            "Inuvik",
            "NT",
            other_languages="Inuvialuktun, Gwich’in",
            indigenous_led=True,
        ),
        DemoOrganization(
            "saskatoon-gardening",
            "Saskatoon Inclusive Gardening Collective",
            kind,
            "Saskatoon",
            "SK",
        ),
        DemoOrganization(
            "false-creek-house",
            "False Creek Accessible Neighbourhood House",
            kind,
            "Vancouver",
            "BC",
            other_languages="Cantonese, Tagalog",
        ),
        DemoOrganization(
            "inclusive-theatre-nl",
            "St. John's Inclusive Theatre Company",
            kind,
            "St. John's",
            "NL",
        ),
    ]


def social_enterprises() -> list[DemoOrganization]:
    """Social enterprises, beyond those among the hard cases."""
    kind = "social-enterprise"
    return [
        DemoOrganization(
            "kootenay-access",
            "Kootenay Access-to-Work Co-operative",
            kind,
            "Nelson",
            "BC",
            size_band=SizeBand.SMALL,
            unionized=Unionized.NO,
            sector="81",
        ),
        DemoOrganization(
            "common-table",
            "Common Table Café and Catering",
            kind,
            "Ottawa",
            "ON",
            size_band=SizeBand.SMALL,
            unionized=Unionized.NO,
            sector="72",
            languages=("en", "fr"),
        ),
        DemoOrganization(
            "prairie-bike-works",
            "Prairie Bike Works",
            kind,
            "Regina",
            "SK",
            size_band=SizeBand.SMALL,
            unionized=Unionized.NO,
            sector="81",
        ),
        DemoOrganization(
            "pain-epices",
            "Boulangerie solidaire Pain d'épices",
            kind,
            "Lévis",
            "QC",
            size_band=SizeBand.SMALL,
            unionized=Unionized.NO,
            sector="31-33",
        ),
        DemoOrganization(
            "island-reuse",
            "Island Reuse Depot",
            kind,
            "Charlottetown",
            "PE",
            size_band=SizeBand.SMALL,
            unionized=Unionized.UNKNOWN,
            sector="56",
        ),
        DemoOrganization(
            "northern-print",
            "Northern Lights Print Shop",
            kind,
            "Whitehorse",
            "YT",
            size_band=SizeBand.SMALL,
            unionized=Unionized.NO,
            sector="31-33",
        ),
    ]


def funders() -> list[DemoOrganization]:
    """Foundations and other funders, beyond those among the hard cases."""
    kind = "funder"
    return [
        DemoOrganization(
            "inclusive-employment-foundation",
            "Canadian Inclusive Employment Foundation",
            kind,
            "Toronto",
            "ON",
            alternate_name="Fondation canadienne pour l'emploi inclusif",
            regions=("CA",),
            languages=("en", "fr"),
            described_in="both",
        ),
        DemoOrganization(
            "bow-river-foundation", "Bow River Community Foundation", kind, "Calgary", "AB"
        ),
        DemoOrganization(
            "atlantic-opportunity",
            "Atlantic Opportunity Fund for Workers with Disabilities",
            kind,
            "Halifax",
            "NS",
            regions=("NS", "NB", "PE", "NL"),
        ),
        DemoOrganization("pacific-access-fund", "Pacific Access Fund", kind, "Vancouver", "BC"),
        DemoOrganization(
            "northern-futures",
            "Northern Futures Trust",
            kind,
            "Yellowknife",
            "NT",
            regions=("NT", "YT", "NU"),
            indigenous_led=True,
        ),
        DemoOrganization(
            "mb-enterprise-fund",
            "Manitoba Inclusive Enterprise Fund",
            kind,
            "Winnipeg",
            "MB",
        ),
    ]


# Groups of records in load order. Organizations that share a name get numbered
# slugs in this order, so reordering groups changes slugs on a fresh database.
ORGANIZATION_TABLES: tuple[Callable[[], list[DemoOrganization]], ...] = (
    search_and_layout_cases,
    disability_organizations,
    governments,
    businesses,
    labour_and_business_groups,
    education,
    research_centres,
    employment_services,
    community_organizations,
    social_enterprises,
    funders,
)


def demo_organizations() -> list[DemoOrganization]:
    """Return every demo organization record in load order."""
    return [record for table in ORGANIZATION_TABLES for record in table()]


# Descriptions for records that do not write theirs out, per kind, in English
# and in French. Records of one kind take the variants in turn.
DESCRIPTION_TEMPLATES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "disability-organization": (
        (
            "A disability-led organization that coaches job seekers in {city} and advises "
            "employers on workplace accommodations.",
            "Peer support, self-advocacy training and job clubs for people with disabilities "
            "in and around {city}.",
            "Brings people with lived experience of disability to the table when employers and "
            "governments plan hiring programs.",
        ),
        (
            "Organisme dirigé par des personnes handicapées qui accompagne les chercheurs "
            "d'emploi de la région de {city} et conseille les employeurs sur les mesures "
            "d'adaptation.",
            "Soutien par les pairs, formation à l'autoreprésentation et clubs de recherche "
            "d'emploi pour les personnes handicapées de la région de {city}.",
            "Fait entendre la voix des personnes ayant une expérience vécue du handicap lorsque "
            "les employeurs et les gouvernements planifient leurs programmes d'embauche.",
        ),
    ),
    "government": (
        ("Public body that funds and coordinates inclusive employment programs.",),
        ("Organisme public qui finance et coordonne des programmes d'emploi inclusif.",),
    ),
    "business": (
        (
            "Employer in {city} with an accessible hiring process, a workplace accommodation "
            "fund and an employee resource group for staff with disabilities.",
            "Hires through supported employment partners and publishes its accessibility plan "
            "every year.",
            "Offers paid work placements to job seekers with disabilities and trains its "
            "supervisors in inclusive management.",
        ),
        (
            "Employeur de la région de {city} doté d'un processus d'embauche accessible, d'un "
            "fonds pour les mesures d'adaptation et d'un groupe-ressource d'employés "
            "handicapés.",
            "Recrute avec l'aide de services d'emploi spécialisés et publie chaque année son "
            "plan d'accessibilité.",
            "Offre des stages rémunérés aux chercheurs d'emploi handicapés et forme ses "
            "gestionnaires à la gestion inclusive.",
        ),
    ),
    "labour-union": (
        (
            "Bargains for accommodation and return-to-work clauses in collective agreements.",
            "Trains shop stewards to support members with disabilities and runs a "
            "duty-to-accommodate helpline.",
        ),
        (
            "Négocie des clauses d'adaptation et de retour au travail dans les conventions "
            "collectives.",
            "Forme les délégués syndicaux au soutien des membres handicapés et offre une ligne "
            "d'aide sur l'obligation d'accommodement.",
        ),
    ),
    "chamber-of-commerce": (
        (
            "Connects businesses in {city} with employment services and shares accessible "
            "hiring practices among its members.",
            "Runs an inclusive employer award and a monthly breakfast on disability and work "
            "for its members.",
        ),
        (
            "Met en relation les entreprises de la région de {city} avec les services d'emploi "
            "et fait connaître les pratiques d'embauche accessibles à ses membres.",
            "Décerne un prix de l'employeur inclusif et tient un déjeuner mensuel sur le "
            "handicap et le travail pour ses membres.",
        ),
    ),
    "business-association": (
        (
            "Professional association that publishes accessibility guides and hosts peer "
            "learning for employers.",
            "Represents employers in its sector and helps them meet accessibility standards "
            "for employment.",
        ),
        (
            "Association professionnelle qui publie des guides sur l'accessibilité et anime "
            "des communautés de pratique pour les employeurs.",
            "Représente les employeurs de son secteur et les aide à respecter les normes "
            "d'accessibilité en emploi.",
        ),
    ),
    "school-board": (
        (
            "Plans the school-to-work transition of students with disabilities from grade 9 "
            "onward, with employers in {city}.",
            "Co-op placements and job coaching for secondary students with disabilities.",
        ),
        (
            "Planifie la transition de l'école à la vie active des élèves handicapés dès la "
            "troisième secondaire, avec des employeurs de la région de {city}.",
            "Stages en entreprise et accompagnement à l'emploi pour les élèves handicapés du "
            "secondaire.",
        ),
    ),
    "college": (
        (
            "Applied programs with accessible apprenticeships and work-integrated learning for "
            "students with disabilities.",
            "Its accessibility services office works with employers around {city} on paid "
            "co-op terms.",
        ),
        (
            "Programmes techniques offrant des stages accessibles et de l'alternance "
            "travail-études aux étudiants en situation de handicap.",
            "Son service d'accessibilité collabore avec des employeurs de la région de {city} "
            "pour offrir des stages rémunérés.",
        ),
    ),
    "university": (
        (
            "Career services for students and graduates with disabilities, and research on "
            "inclusive workplaces.",
            "Hosts a disability studies program and an employer mentoring network in {city}.",
        ),
        (
            "Services de carrière pour les étudiants et diplômés en situation de handicap et "
            "recherche sur les milieux de travail inclusifs.",
            "Offre un programme d'études sur le handicap et un réseau de mentorat avec des "
            "employeurs de la région de {city}.",
        ),
    ),
    "research": (
        (
            "Studies what helps people with disabilities find and keep work, and publishes its "
            "results as open data.",
            "Evaluates employment programs with people with disabilities as co-researchers.",
        ),
        (
            "Étudie ce qui aide les personnes handicapées à trouver et à garder un emploi et "
            "publie ses résultats en données ouvertes.",
            "Évalue les programmes d'emploi en associant des personnes handicapées à la recherche.",
        ),
    ),
    "employment-service-provider": (
        (
            "Job search help, job coaching and follow-up after hiring for people with "
            "disabilities in {city}.",
            "Matches job seekers with disabilities with local employers and arranges workplace "
            "accommodations.",
            "Supported and customized employment for people with intellectual or developmental "
            "disabilities.",
        ),
        (
            "Aide à la recherche d'emploi, accompagnement en emploi et suivi après l'embauche "
            "pour les personnes handicapées de la région de {city}.",
            "Jumelle les chercheurs d'emploi handicapés avec des employeurs de la région et "
            "organise les mesures d'adaptation en milieu de travail.",
            "Emploi soutenu et emploi personnalisé pour les personnes ayant une déficience "
            "intellectuelle ou un trouble du développement.",
        ),
    ),
    "community-organization": (
        (
            "Adapted sport, recreation and arts programs in {city} that build confidence and "
            "job-ready skills.",
            "A community hub where people with disabilities volunteer, learn and meet local "
            "employers.",
        ),
        (
            "Sport adapté, loisirs et arts dans la région de {city} pour développer la "
            "confiance en soi et les compétences utiles à l'emploi.",
            "Lieu communautaire où les personnes handicapées font du bénévolat, apprennent et "
            "rencontrent des employeurs de leur quartier.",
        ),
    ),
    "social-enterprise": (
        (
            "Social enterprise in {city} that employs people with disabilities at fair wages "
            "and sells its goods and services locally.",
            "Trains and employs people who face barriers to work, and reinvests its revenue in "
            "training.",
        ),
        (
            "Entreprise d'économie sociale de la région de {city} qui emploie des personnes "
            "handicapées à salaire équitable et vend ses produits et services localement.",
            "Forme et embauche des personnes qui font face à des obstacles à l'emploi et "
            "réinvestit ses revenus dans la formation.",
        ),
    ),
    "funder": (
        (
            "Grants for disability-led projects that open jobs and apprenticeships around {city}.",
            "Funds partnerships between employers and disability organizations, with "
            "multi-year core funding.",
        ),
        (
            "Subventions aux projets menés par des personnes handicapées qui créent des emplois "
            "et des stages dans la région de {city}.",
            "Finance des partenariats entre employeurs et organismes de personnes handicapées, "
            "avec un financement de base pluriannuel.",
        ),
    ),
}
