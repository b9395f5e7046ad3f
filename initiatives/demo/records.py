"""Fictional lines of work of the demo network, written out by hand.

Each WorkCluster is one kind of work that several organizations in different
provinces run without knowing of each other: the duplication that similar-work
detection should reveal. The loader writes one initiative per cluster and
province, with the province's name in the text, so the initiatives of a
cluster are close but not identical. Nothing depends on the clock or on a
random generator.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WorkCluster:
    """Texts and tags shared by a cluster; `{place}` is replaced by the province's name."""

    key: str
    themes: tuple[int, ...]
    kind: str
    groups: tuple[str, ...]
    lead_kinds: tuple[str, ...]
    funding_program: str
    provinces: tuple[str, ...]
    title_en: str
    title_fr: str
    summary_en: str
    summary_fr: str
    vision_en: str
    vision_fr: str
    short_term_en: str
    short_term_fr: str
    long_term_en: str
    long_term_fr: str


ALL = ("NL", "PE", "NS", "NB", "QC", "ON", "MB", "SK", "AB", "BC", "YT", "NT", "NU")

CLUSTERS: tuple[WorkCluster, ...] = (
    WorkCluster(
        "peer-mentoring",
        (1, 4),
        "program",
        ("youth",),
        ("disability-organization", "community-organization"),
        "BGO06",
        ("ON", "QC", "NS", "MB", "BC", "NL", "YT", "AB", "NB"),
        "Peer mentoring for young job seekers with disabilities in {place}",
        "Mentorat par les pairs pour les jeunes handicapés en recherche d'emploi en {place}",
        (
            "Mentors with lived experience of disability coach youth through their first job "
            "search, interviews and workplace accommodation requests."
        ),
        (
            "Des mentors ayant une expérience vécue du handicap accompagnent les jeunes dans leur "
            "première recherche d'emploi, leurs entrevues et leurs demandes d'accommodement au "
            "travail."
        ),
        (
            "Every young person with a disability in {place} has a peer mentor who has walked the "
            "same road to work."
        ),
        "Chaque jeune handicapé en {place} a un mentor qui a suivi le même chemin vers l'emploi.",
        "Recruit and train twenty peer mentors; match them with youth leaving school.",
        "Recruter et former vingt mentors; les jumeler avec des jeunes qui quittent l'école.",
        "A provincial peer mentoring network run by youth with disabilities.",
        "Un réseau provincial de mentorat par les pairs dirigé par des jeunes handicapés.",
    ),
    WorkCluster(
        "employer-accommodation-toolkit",
        (3,),
        "project",
        (),
        ("business-association", "chamber-of-commerce", "business"),
        "BGM04",
        ("BC", "AB", "ON", "NS", "QC", "SK", "PE", "NB", "NT"),
        "Workplace accommodation toolkit for small employers in {place}",
        "Trousse d'accommodement en milieu de travail pour les petits employeurs en {place}",
        (
            "A practical toolkit, with costs and examples, that helps small and medium employers "
            "plan workplace accommodations for employees with disabilities."
        ),
        (
            "Une trousse pratique, avec des coûts et des exemples, qui aide les petits et moyens "
            "employeurs à planifier les accommodements en milieu de travail pour les employés "
            "handicapés."
        ),
        "Small employers in {place} see workplace accommodation as ordinary, affordable and quick.",
        (
            "Les petits employeurs en {place} voient l'accommodement en milieu de travail comme "
            "ordinaire, abordable et rapide."
        ),
        "Publish the toolkit and test it with ten small employers.",
        "Publier la trousse et la tester avec dix petits employeurs.",
        "An accommodation advice line for every small employer in the province.",
        "Une ligne de conseils en accommodement pour chaque petit employeur de la province.",
    ),
    WorkCluster(
        "school-to-work",
        (4,),
        "program",
        ("youth",),
        ("school-board", "college"),
        "BGO11",
        ("QC", "ON", "MB", "SK", "NB", "NL", "BC", "NU"),
        "School-to-work transition planning for students with disabilities in {place}",
        (
            "Planification de la transition de l'école au travail pour les élèves handicapés en "
            "{place}"
        ),
        (
            "Transition plans start in grade nine: career exploration, paid summer internships "
            "and a job coach for the last year of high school."
        ),
        (
            "Les plans de transition commencent en troisième secondaire : exploration de "
            "carrière, stages d'été rémunérés et un conseiller en emploi pour la dernière année "
            "du secondaire."
        ),
        (
            "No student with a disability in {place} leaves high school without a plan for work "
            "or further study."
        ),
        (
            "Aucun élève handicapé en {place} ne quitte le secondaire sans plan pour le travail "
            "ou les études."
        ),
        "Pilot transition plans in three high schools.",
        "Mettre à l'essai des plans de transition dans trois écoles secondaires.",
        "Transition planning in every school board, with employers at the table.",
        (
            "Une planification de la transition dans chaque centre de services scolaire, avec les "
            "employeurs à la table."
        ),
    ),
    WorkCluster(
        "inclusive-hiring-research",
        (5,),
        "research",
        (),
        ("university", "research"),
        "BGM02",
        ("ON", "QC", "BC", "NS", "AB", "MB"),
        "Study of inclusive hiring outcomes of employers in {place}",
        "Étude des résultats de l'embauche inclusive chez les employeurs en {place}",
        (
            "A three-year study that follows employees with disabilities hired through inclusive "
            "hiring programs and measures retention, wages and advancement."
        ),
        (
            "Une étude de trois ans qui suit les employés handicapés embauchés par des programmes "
            "d'embauche inclusive et mesure le maintien en emploi, les salaires et l'avancement."
        ),
        (
            "Employers in {place} choose hiring practices on evidence of what keeps employees "
            "with disabilities at work."
        ),
        (
            "Les employeurs en {place} choisissent leurs pratiques d'embauche selon les données "
            "sur ce qui maintient les employés handicapés au travail."
        ),
        "Recruit 300 participants and publish the baseline survey.",
        "Recruter 300 participants et publier l'enquête de référence.",
        "An open data set on retention and wages, evaluated each year.",
        "Un jeu de données ouvert sur le maintien en emploi et les salaires, évalué chaque année.",
    ),
    WorkCluster(
        "deaf-employment",
        (1, 3),
        "program",
        (),
        ("disability-organization", "employment-service-provider"),
        "BGO04",
        ("QC", "ON", "AB", "NS", "BC", "MB"),
        "Employment services in sign language for Deaf job seekers in {place}",
        "Services d'emploi en langue des signes pour les personnes sourdes en {place}",
        (
            "Job search support, interview interpretation and employer awareness sessions "
            "delivered in ASL and LSQ by Deaf counsellors."
        ),
        (
            "Soutien à la recherche d'emploi, interprétation en entrevue et séances de "
            "sensibilisation des employeurs, offerts en LSQ et en ASL par des conseillers sourds."
        ),
        (
            "Deaf job seekers in {place} are served in their own language from first contact to "
            "first pay cheque."
        ),
        (
            "Les chercheurs d'emploi sourds en {place} sont servis dans leur langue du premier "
            "contact à la première paie."
        ),
        "Hire two Deaf employment counsellors and book interpreters for interviews.",
        (
            "Embaucher deux conseillers en emploi sourds et réserver des interprètes pour les "
            "entrevues."
        ),
        "Sign language services in every employment centre of the province.",
        "Des services en langue des signes dans chaque centre d'emploi de la province.",
    ),
    WorkCluster(
        "indigenous-pathways",
        (1, 2),
        "program",
        ("indigenous", "rural-remote"),
        ("employment-service-provider", "government", "community-organization"),
        "BGO10",
        ("NU", "NT", "YT", "SK", "MB", "BC", "AB", "ON", "QC"),
        "Community-led employment pathways for Indigenous people with disabilities in {place}",
        "Parcours d'emploi menés par la communauté pour les Autochtones handicapés en {place}",
        (
            "Land-based skills training, Elders as mentors and employment supports designed with "
            "First Nations, Inuit and Métis communities."
        ),
        (
            "Formation axée sur le territoire, aînés mentors et soutiens à l'emploi conçus avec "
            "les communautés des Premières Nations, des Inuits et des Métis."
        ),
        (
            "Indigenous people with disabilities in {place} find work that respects culture and "
            "community."
        ),
        (
            "Les Autochtones handicapés en {place} trouvent un emploi qui respecte leur culture "
            "et leur communauté."
        ),
        "Hold community gatherings and design the training with Elders.",
        "Tenir des rassemblements communautaires et concevoir la formation avec les aînés.",
        "Training delivered in communities, governed by Indigenous partners.",
        "Une formation donnée dans les communautés, gouvernée par les partenaires autochtones.",
    ),
    WorkCluster(
        "autism-tech-careers",
        (3, 4),
        "program",
        ("youth",),
        ("social-enterprise", "college", "business"),
        "BGO09",
        ("ON", "QC", "BC", "AB", "NS", "NB", "PE"),
        "Technology careers for autistic adults in {place}",
        "Carrières en technologie pour les adultes autistes en {place}",
        (
            "Software testing and data work training for autistic adults, with paid placements at "
            "technology employers and sensory-friendly workplaces."
        ),
        (
            "Formation en essais logiciels et en traitement de données pour les adultes autistes, "
            "avec des stages rémunérés chez des employeurs en technologie et des milieux de "
            "travail adaptés aux sensibilités sensorielles."
        ),
        "Autistic adults in {place} build careers in technology on their strengths.",
        (
            "Les adultes autistes en {place} bâtissent une carrière en technologie à partir de "
            "leurs forces."
        ),
        "Train a first cohort of twelve in software testing.",
        "Former une première cohorte de douze personnes en essais logiciels.",
        "A recognized credential and a network of autism-friendly technology employers.",
        "Une attestation reconnue et un réseau d'employeurs en technologie ouverts à l'autisme.",
    ),
    WorkCluster(
        "accessible-transit-to-work",
        (2,),
        "policy",
        ("rural-remote",),
        ("government", "community-organization"),
        "BGM09",
        ("SK", "MB", "NL", "PE", "NS", "NB", "AB"),
        "Accessible transportation to work in rural {place}",
        "Transport accessible vers le travail dans les régions rurales de {place}",
        (
            "Policy work with municipalities and the province to fund on-demand accessible "
            "transit, so workers with disabilities in rural areas can reach their jobs."
        ),
        (
            "Travail de politique avec les municipalités et la province pour financer un "
            "transport accessible sur demande, afin que les travailleurs handicapés des régions "
            "rurales se rendent à leur emploi."
        ),
        "No worker with a disability in rural {place} loses a job for lack of a ride.",
        (
            "Aucun travailleur handicapé des régions rurales de {place} ne perd son emploi faute "
            "de transport."
        ),
        "Map transit gaps and cost an on-demand accessible service.",
        (
            "Cartographier les lacunes du transport et estimer le coût d'un service accessible "
            "sur demande."
        ),
        "Shared provincial and municipal funding for rural accessible transit.",
        (
            "Un financement provincial et municipal partagé pour le transport accessible en "
            "région rurale."
        ),
    ),
    WorkCluster(
        "mental-health-return-to-work",
        (3,),
        "project",
        ("older-workers",),
        ("labour-union", "employment-service-provider", "disability-organization"),
        "BGO12",
        ("ON", "QC", "BC", "AB", "NS", "MB", "NL"),
        "Return to work after a mental health leave in {place}",
        "Retour au travail après un congé pour santé mentale en {place}",
        (
            "Unions and employers design gradual return-to-work plans with peer supporters for "
            "workers coming back from a mental health leave."
        ),
        (
            "Les syndicats et les employeurs conçoivent des plans de retour progressif au travail "
            "avec des pairs aidants pour les travailleurs qui reviennent d'un congé pour santé "
            "mentale."
        ),
        "Workers in {place} return from a mental health leave to a job that fits, with support.",
        (
            "Les travailleurs en {place} reviennent d'un congé pour santé mentale à un emploi "
            "adapté, avec du soutien."
        ),
        "Train union peer supporters and agree a model return-to-work plan.",
        "Former des pairs aidants syndicaux et convenir d'un modèle de plan de retour au travail.",
        "Return-to-work plans in collective agreements across the province.",
        "Des plans de retour au travail dans les conventions collectives de la province.",
    ),
    WorkCluster(
        "disability-entrepreneurship",
        (3,),
        "program",
        ("women", "newcomers"),
        ("funder", "social-enterprise", "community-organization"),
        "BGM02",
        ("QC", "ON", "BC", "MB", "SK", "NB", "YT"),
        "Entrepreneurship program for people with disabilities in {place}",
        "Programme d'entrepreneuriat pour les personnes handicapées en {place}",
        (
            "Business planning workshops, microloans and coaching for entrepreneurs with "
            "disabilities starting a small business."
        ),
        (
            "Ateliers de plan d'affaires, microprêts et accompagnement pour les entrepreneurs "
            "handicapés qui lancent une petite entreprise."
        ),
        (
            "Entrepreneurs with disabilities in {place} start and grow businesses with fair "
            "access to capital."
        ),
        (
            "Les entrepreneurs handicapés en {place} lancent et font croître leur entreprise avec "
            "un accès équitable au capital."
        ),
        "Run two cohorts of business planning workshops and award microloans.",
        "Offrir deux cohortes d'ateliers de plan d'affaires et accorder des microprêts.",
        "A loan fund managed by entrepreneurs with disabilities.",
        "Un fonds de prêts géré par des entrepreneurs handicapés.",
    ),
    WorkCluster(
        "public-service-inclusion",
        (2, 7),
        "policy",
        (),
        ("government",),
        "BGM09",
        ("ON", "QC", "BC", "NB", "NS", "MB", "SK", "AB", "NL"),
        "Disability inclusion strategy for the public service of {place}",
        "Stratégie d'inclusion des personnes handicapées dans la fonction publique de {place}",
        (
            "A hiring and retention strategy for the public service, with accessible recruitment, "
            "an accommodation passport and yearly public reporting."
        ),
        (
            "Une stratégie d'embauche et de maintien en emploi pour la fonction publique, avec un "
            "recrutement accessible, un passeport d'accommodement et un rapport public annuel."
        ),
        (
            "The public service of {place} reflects the people it serves, including people with "
            "disabilities."
        ),
        (
            "La fonction publique de {place} reflète la population qu'elle sert, y compris les "
            "personnes handicapées."
        ),
        "Adopt the accommodation passport and publish hiring targets.",
        "Adopter le passeport d'accommodement et publier des cibles d'embauche.",
        "Representation of people with disabilities at every level, reviewed each year.",
        "Une représentation des personnes handicapées à tous les niveaux, revue chaque année.",
    ),
    WorkCluster(
        "blind-low-vision-digital",
        (3, 4),
        "project",
        ("older-workers",),
        ("disability-organization", "college"),
        "BGO09",
        ("ON", "QC", "BC", "AB", "MB", "NS"),
        "Digital skills with screen readers for blind and low vision workers in {place}",
        (
            "Compétences numériques avec lecteurs d'écran pour les travailleurs aveugles et "
            "malvoyants en {place}"
        ),
        (
            "Training in screen readers, magnifiers and office software for blind and low vision "
            "job seekers, with employer accessibility audits."
        ),
        (
            "Formation aux lecteurs d'écran, aux loupes et aux logiciels de bureau pour les "
            "chercheurs d'emploi aveugles et malvoyants, avec des audits d'accessibilité chez les "
            "employeurs."
        ),
        "Blind and low vision workers in {place} use the same digital tools as their colleagues.",
        (
            "Les travailleurs aveugles et malvoyants en {place} utilisent les mêmes outils "
            "numériques que leurs collègues."
        ),
        "Deliver screen reader training to forty job seekers.",
        "Offrir une formation aux lecteurs d'écran à quarante chercheurs d'emploi.",
        "Accessible digital workplaces certified by blind and low vision assessors.",
        (
            "Des milieux de travail numériques accessibles, certifiés par des évaluateurs "
            "aveugles et malvoyants."
        ),
    ),
    WorkCluster(
        "network-hub-directory",
        (6,),
        "project",
        (),
        ("disability-organization", "community-organization", "government"),
        "BGM02",
        ("NB", "PE", "NL", "NS", "YT", "NT"),
        "Shared directory of disability employment services in {place}",
        "Répertoire commun des services d'emploi pour personnes handicapées en {place}",
        (
            "One shared online directory where job seekers, employers and service providers find "
            "every disability employment service and program."
        ),
        (
            "Un répertoire en ligne commun où chercheurs d'emploi, employeurs et fournisseurs de "
            "services trouvent chaque service et programme d'emploi pour personnes handicapées."
        ),
        "Everyone in {place} finds the right employment service in one place.",
        "Tout le monde en {place} trouve le bon service d'emploi au même endroit.",
        "List every service and agree on common data fields.",
        "Répertorier chaque service et convenir de champs de données communs.",
        "A directory kept current by the services themselves.",
        "Un répertoire tenu à jour par les services eux-mêmes.",
    ),
    WorkCluster(
        "partnership-review",
        (7,),
        "policy",
        (),
        ("funder", "government", "research"),
        "BGM02",
        ("ON", "QC", "BC", "AB", "SK", "NS"),
        "Yearly review of disability employment partnerships in {place}",
        "Revue annuelle des partenariats en emploi des personnes handicapées en {place}",
        (
            "A yearly review, led by people with disabilities, that evaluates each funded "
            "partnership against common indicators and highlights exemplary ones."
        ),
        (
            "Une revue annuelle, menée par des personnes handicapées, qui évalue chaque "
            "partenariat financé selon des indicateurs communs et met en valeur les partenariats "
            "exemplaires."
        ),
        "Only partnerships that deliver meaningful results continue in {place}.",
        "Seuls les partenariats qui donnent des résultats significatifs se poursuivent en {place}.",
        "Agree common indicators and review the first ten partnerships.",
        "Convenir d'indicateurs communs et revoir les dix premiers partenariats.",
        "Published case studies of exemplary partnerships every year.",
        "Des études de cas publiées chaque année sur les partenariats exemplaires.",
    ),
    WorkCluster(
        "newcomer-disability-employment",
        (1, 3),
        "program",
        ("newcomers", "racialized"),
        ("employment-service-provider", "community-organization"),
        "BGO04",
        ("ON", "QC", "MB", "AB", "BC", "NS"),
        "Employment support for newcomers with disabilities in {place}",
        "Soutien à l'emploi pour les personnes nouvellement arrivées handicapées en {place}",
        (
            "Credential recognition help, language training with accommodations and job placement "
            "for newcomers and refugees with disabilities."
        ),
        (
            "Aide à la reconnaissance des diplômes, cours de langue avec accommodements et "
            "placement en emploi pour les personnes immigrantes et réfugiées handicapées."
        ),
        "Newcomers with disabilities in {place} work in jobs that match their skills.",
        (
            "Les personnes nouvellement arrivées handicapées en {place} occupent des emplois à la "
            "mesure de leurs compétences."
        ),
        "Open an intake service with interpreters and accessible language classes.",
        "Ouvrir un service d'accueil avec interprètes et cours de langue accessibles.",
        "Newcomer services and disability services working from one plan.",
        (
            "Des services aux personnes immigrantes et des services aux personnes handicapées qui "
            "travaillent selon un même plan."
        ),
    ),
    WorkCluster(
        "apprenticeship-trades",
        (3, 4),
        "program",
        ("women",),
        ("labour-union", "college"),
        "BGO12",
        ("AB", "SK", "ON", "BC", "NL", "NB", "MB"),
        "Apprenticeships in the skilled trades for people with disabilities in {place}",
        "Apprentissage des métiers spécialisés pour les personnes handicapées en {place}",
        (
            "Pre-apprenticeship training, adapted tools and union mentors help people with "
            "disabilities enter electrical, plumbing and carpentry apprenticeships."
        ),
        (
            "Formation préparatoire, outils adaptés et mentors syndicaux aident les personnes "
            "handicapées à entrer en apprentissage en électricité, en plomberie et en "
            "charpenterie."
        ),
        "People with disabilities in {place} become journeypersons in the skilled trades.",
        "Les personnes handicapées en {place} deviennent compagnons dans les métiers spécialisés.",
        "Enrol a first pre-apprenticeship class and pair each learner with a union mentor.",
        (
            "Inscrire une première classe préparatoire et jumeler chaque apprenant avec un mentor "
            "syndical."
        ),
        "Apprenticeship completion rates equal for apprentices with and without disabilities.",
        "Des taux d'achèvement de l'apprentissage égaux pour les apprentis avec et sans handicap.",
    ),
    WorkCluster(
        "2slgbtqi-disability-careers",
        (1,),
        "event-series",
        ("2slgbtqi", "youth"),
        ("disability-organization", "community-organization"),
        "BGM02",
        ("YT", "BC", "ON", "QC", "NS"),
        "Career circles for 2SLGBTQI+ people with disabilities in {place}",
        "Cercles de carrière pour les personnes 2ELGBTQI+ handicapées en {place}",
        (
            "Monthly career circles where 2SLGBTQI+ people with disabilities share job leads, "
            "disclosure strategies and safe employers."
        ),
        (
            "Des cercles de carrière mensuels où les personnes 2ELGBTQI+ handicapées partagent "
            "des offres d'emploi, des stratégies de divulgation et des employeurs sûrs."
        ),
        (
            "2SLGBTQI+ people with disabilities in {place} find workplaces where they can be "
            "themselves."
        ),
        (
            "Les personnes 2ELGBTQI+ handicapées en {place} trouvent des milieux de travail où "
            "elles peuvent être elles-mêmes."
        ),
        "Hold twelve career circles and publish a list of safe employers.",
        "Tenir douze cercles de carrière et publier une liste d'employeurs sûrs.",
        "A national network of career circles led by participants.",
        "Un réseau national de cercles de carrière dirigés par les participants.",
    ),
    WorkCluster(
        "intergovernmental-data",
        (2, 5),
        "research",
        (),
        ("government", "research", "university"),
        "BGM09",
        ("ON", "QC", "NB", "MB", "NT", "NU"),
        "Shared labour market data on people with disabilities for {place}",
        "Données communes sur le marché du travail des personnes handicapées pour {place}",
        (
            "Federal, provincial and municipal governments agree on common labour market "
            "indicators for people with disabilities and publish them together."
        ),
        (
            "Les gouvernements fédéral, provincial et municipaux conviennent d'indicateurs "
            "communs du marché du travail pour les personnes handicapées et les publient "
            "ensemble."
        ),
        "Governments in {place} plan employment programs from the same data.",
        (
            "Les gouvernements en {place} planifient les programmes d'emploi à partir des mêmes "
            "données."
        ),
        "Agree indicator definitions and a data-sharing agreement.",
        "Convenir des définitions des indicateurs et d'une entente de partage de données.",
        "A yearly public report on employment rates and gaps.",
        "Un rapport public annuel sur les taux d'emploi et les écarts.",
    ),
    WorkCluster(
        "supported-employment-intellectual",
        (3,),
        "program",
        (),
        ("employment-service-provider", "disability-organization"),
        "BGO04",
        ("NS", "PE", "NB", "QC", "ON", "MB", "SK", "AB", "BC"),
        "Customized employment for people with intellectual disabilities in {place}",
        "Emploi personnalisé pour les personnes ayant une déficience intellectuelle en {place}",
        (
            "Job carving, on-the-job coaching and long-term follow-up that create customized jobs "
            "for people with intellectual disabilities at minimum wage or more."
        ),
        (
            "Découpage de postes, accompagnement en milieu de travail et suivi à long terme pour "
            "créer des emplois personnalisés, au salaire minimum ou plus, pour les personnes "
            "ayant une déficience intellectuelle."
        ),
        (
            "People with intellectual disabilities in {place} work in real jobs for real pay, not "
            "in sheltered workshops."
        ),
        (
            "Les personnes ayant une déficience intellectuelle en {place} occupent de vrais "
            "emplois, pour un vrai salaire, et non des ateliers protégés."
        ),
        "Place thirty people in customized jobs with a job coach.",
        "Placer trente personnes dans des emplois personnalisés avec un accompagnateur.",
        "Close the last sheltered workshops and move their funding to customized employment.",
        (
            "Fermer les derniers ateliers protégés et transférer leur financement vers l'emploi "
            "personnalisé."
        ),
    ),
    WorkCluster(
        "accessible-job-fairs",
        (3, 6),
        "event-series",
        (),
        ("chamber-of-commerce", "employment-service-provider", "business-association"),
        "BGO05",
        ("NL", "PE", "NS", "NB", "QC", "ON", "MB", "SK", "AB", "BC"),
        "Accessible job fairs in {place}",
        "Salons de l'emploi accessibles en {place}",
        (
            "Job fairs with sign language interpreters, quiet hours, accessible venues and "
            "employers trained to interview candidates with disabilities."
        ),
        (
            "Des salons de l'emploi avec interprètes en langue des signes, heures calmes, lieux "
            "accessibles et employeurs formés aux entrevues avec des candidats handicapés."
        ),
        "Every job fair in {place} is accessible to every job seeker.",
        "Chaque salon de l'emploi en {place} est accessible à tous les chercheurs d'emploi.",
        "Hold two accessible job fairs and publish an accessibility checklist.",
        "Tenir deux salons de l'emploi accessibles et publier une liste de vérification.",
        "Accessibility standards adopted by every job fair organizer.",
        "Des normes d'accessibilité adoptées par chaque organisateur de salons de l'emploi.",
    ),
    WorkCluster(
        "leadership-academy",
        (1, 7),
        "program",
        ("women", "racialized"),
        ("disability-organization", "university"),
        "BGM02",
        ("ON", "QC", "BC", "MB", "NS", "AB", "NB", "SK"),
        "Leadership academy for emerging leaders with disabilities in {place}",
        "Académie de leadership pour les leaders émergents handicapés en {place}",
        (
            "A one-year leadership academy that prepares people with disabilities to sit on "
            "boards and lead partnerships, with a placement on a governing body."
        ),
        (
            "Une académie de leadership d'un an qui prépare les personnes handicapées à siéger à "
            "des conseils et à diriger des partenariats, avec un stage au sein d'un conseil "
            "d'administration."
        ),
        (
            "People with disabilities lead the organizations and partnerships that serve them in "
            "{place}."
        ),
        (
            "Les personnes handicapées dirigent les organisations et partenariats qui les servent "
            "en {place}."
        ),
        "Graduate a first cohort of fifteen emerging leaders.",
        "Diplômer une première cohorte de quinze leaders émergents.",
        "A majority of board seats held by people with lived experience.",
        "Une majorité de sièges des conseils occupés par des personnes ayant une expérience vécue.",
    ),
)

# Texts for the headings a cluster leaves to the province: gaps, challenges, plans.
GAPS_EN = "Few services outside the largest cities; no shared data on who is served."
GAPS_FR = (
    "Peu de services hors des grandes villes; aucune donnée commune sur les personnes servies."
)
CHALLENGES_EN = "Short funding cycles and staff turnover make it hard to keep employers involved."
CHALLENGES_FR = (
    "Les cycles de financement courts et le roulement du personnel compliquent "
    "la participation des employeurs."
)
PLANS_EN = "Connect with organizations doing similar work in other provinces and share tools."
PLANS_FR = (
    "Communiquer avec les organisations qui font un travail semblable dans d'autres "
    "provinces et partager les outils."
)
CURRENT_STATUS_EN = "Under way with a first group of participants."
CURRENT_STATUS_FR = "En cours avec un premier groupe de participants."
