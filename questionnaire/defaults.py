"""The statements and recommendations every organization starts with, written for this app in each of its
languages. A new organization gets them in its creator's language (``services.create_default_statements``) and then
edits its own copy, so they are plain data here rather than messages in the catalogues.

The migration giving existing organizations their copy reads the English list.
"""

# (area, statement), in the same order in every language.
DEFAULT_STATEMENTS = {
    "en": [
        (
            "selecting",
            "We know which institutions around us — galleries, libraries, archives, museums, schools, "
            "universities, science bodies, Wikimedia and open-knowledge groups — could help us reach our goals.",
        ),
        (
            "selecting",
            "Our partners come from more than one sector: cultural heritage, education, science and "
            "technology, or the free-knowledge movement.",
        ),
        (
            "selecting",
            "Before we approach an institution, we check that we have the people and time to keep our promises.",
        ),
        ("selecting", "We pick the partnerships to pursue by weighing what they can bring soon and in a few years."),
        ("selecting", "Our volunteers' own contacts feed our list of possible partners."),
        (
            "building",
            "Everyone who deals with partners can look up our past conversations with them in one shared place.",
        ),
        (
            "building",
            "We can tell a partner, in their own terms, what they gain from working with Wikimedia projects "
            "and what we will ask of them.",
        ),
        (
            "building",
            "After each meeting, the partner and we both know the next step, when it is due and whom to call.",
        ),
        (
            "building",
            "We follow an agreed way of working with partners at each stage, and the people involved know it.",
        ),
        ("deepening", "Each partnership has one person on our side who keeps in regular touch with the partner."),
        ("deepening", "We use associations and networks of institutions to reach several partners with one approach."),
        (
            "deepening",
            "When a project ends, our partners know how to keep contributing to Wikimedia projects without us.",
        ),
        (
            "evaluating",
            "Before a project starts, we agree with the partner on measurable targets: articles, files, participants.",
        ),
        ("evaluating", "We regularly set the time and money a partnership costs against what it gives back."),
    ],
    "fr": [
        (
            "selecting",
            "Nous savons quelles institutions autour de nous — galeries, bibliothèques, archives, musées, écoles, "
            "universités, organismes scientifiques, groupes Wikimedia et du savoir libre — pourraient nous aider "
            "à atteindre nos objectifs.",
        ),
        (
            "selecting",
            "Nos partenaires viennent de plusieurs secteurs : patrimoine culturel, éducation, sciences et "
            "techniques, ou mouvement du savoir libre.",
        ),
        (
            "selecting",
            "Avant d'approcher une institution, nous vérifions que nous avons les personnes et le temps "
            "nécessaires pour tenir nos promesses.",
        ),
        (
            "selecting",
            "Nous choisissons les partenariats à mener en pesant ce qu'ils peuvent apporter bientôt et dans "
            "quelques années.",
        ),
        ("selecting", "Les contacts personnels de nos bénévoles alimentent notre liste de partenaires possibles."),
        (
            "building",
            "Toute personne en relation avec des partenaires retrouve nos échanges passés avec eux dans un "
            "même espace partagé.",
        ),
        (
            "building",
            "Nous savons expliquer à un partenaire, dans ses propres termes, ce qu'il gagne à travailler avec "
            "les projets Wikimedia et ce que nous lui demanderons.",
        ),
        (
            "building",
            "Après chaque réunion, le partenaire et nous connaissons la prochaine étape, son échéance et la "
            "personne à appeler.",
        ),
        (
            "building",
            "Nous suivons une manière convenue de travailler avec les partenaires à chaque étape, et les "
            "personnes concernées la connaissent.",
        ),
        (
            "deepening",
            "Chaque partenariat a, de notre côté, une personne qui reste régulièrement en contact avec le partenaire.",
        ),
        (
            "deepening",
            "Nous passons par des associations et des réseaux d'institutions pour atteindre plusieurs "
            "partenaires en une seule démarche.",
        ),
        (
            "deepening",
            "À la fin d'un projet, nos partenaires savent comment continuer à contribuer aux projets Wikimedia "
            "sans nous.",
        ),
        (
            "evaluating",
            "Avant le début d'un projet, nous convenons avec le partenaire d'objectifs mesurables : articles, "
            "fichiers, participants.",
        ),
        (
            "evaluating",
            "Nous mettons régulièrement en regard le temps et l'argent qu'un partenariat coûte et ce qu'il rapporte.",
        ),
    ],
    "de": [
        (
            "selecting",
            "Wir wissen, welche Einrichtungen in unserer Umgebung — Galerien, Bibliotheken, Archive, Museen, "
            "Schulen, Hochschulen, wissenschaftliche Einrichtungen, Wikimedia- und Freies-Wissen-Gruppen — uns "
            "helfen könnten, unsere Ziele zu erreichen.",
        ),
        (
            "selecting",
            "Unsere Partner kommen aus mehr als einem Bereich: Kulturerbe, Bildung, Wissenschaft und Technik "
            "oder die Bewegung für Freies Wissen.",
        ),
        (
            "selecting",
            "Bevor wir auf eine Einrichtung zugehen, prüfen wir, ob wir die Leute und die Zeit haben, unsere "
            "Zusagen einzuhalten.",
        ),
        (
            "selecting",
            "Wir wählen die Partnerschaften aus, indem wir abwägen, was sie bald und in einigen Jahren bringen können.",
        ),
        (
            "selecting",
            "Die persönlichen Kontakte unserer Ehrenamtlichen fließen in unsere Liste möglicher Partner ein.",
        ),
        (
            "building",
            "Alle, die mit Partnern zu tun haben, finden unsere bisherigen Gespräche mit ihnen an einem "
            "gemeinsamen Ort.",
        ),
        (
            "building",
            "Wir können einem Partner in seinen eigenen Worten sagen, was er von der Arbeit mit den "
            "Wikimedia-Projekten hat und worum wir ihn bitten werden.",
        ),
        (
            "building",
            "Nach jedem Treffen wissen der Partner und wir, was der nächste Schritt ist, bis wann er fällig ist "
            "und wen man anruft.",
        ),
        (
            "building",
            "Wir arbeiten mit Partnern in jeder Phase nach einem vereinbarten Vorgehen, und alle Beteiligten "
            "kennen es.",
        ),
        (
            "deepening",
            "Jede Partnerschaft hat auf unserer Seite eine Person, die regelmäßig mit dem Partner in Kontakt bleibt.",
        ),
        (
            "deepening",
            "Wir nutzen Verbände und Netzwerke von Einrichtungen, um mit einem Anlauf mehrere Partner zu erreichen.",
        ),
        (
            "deepening",
            "Wenn ein Projekt endet, wissen unsere Partner, wie sie ohne uns weiter zu den Wikimedia-Projekten "
            "beitragen können.",
        ),
        (
            "evaluating",
            "Vor Projektbeginn vereinbaren wir mit dem Partner messbare Ziele: Artikel, Dateien, Teilnehmende.",
        ),
        (
            "evaluating",
            "Wir stellen regelmäßig Zeit und Geld, die eine Partnerschaft kostet, dem gegenüber, was sie zurückgibt.",
        ),
    ],
    "es": [
        (
            "selecting",
            "Sabemos qué instituciones de nuestro entorno — galerías, bibliotecas, archivos, museos, escuelas, "
            "universidades, organismos científicos, grupos de Wikimedia y del conocimiento libre — podrían "
            "ayudarnos a alcanzar nuestros objetivos.",
        ),
        (
            "selecting",
            "Nuestros socios vienen de más de un sector: patrimonio cultural, educación, ciencia y tecnología, o "
            "el movimiento del conocimiento libre.",
        ),
        (
            "selecting",
            "Antes de acercarnos a una institución, comprobamos que tenemos las personas y el tiempo para "
            "cumplir lo que prometemos.",
        ),
        (
            "selecting",
            "Elegimos qué alianzas emprender sopesando lo que pueden aportar pronto y dentro de unos años.",
        ),
        ("selecting", "Los contactos personales de nuestros voluntarios alimentan nuestra lista de posibles socios."),
        (
            "building",
            "Quien trata con socios puede consultar nuestras conversaciones anteriores con ellos en un único "
            "lugar compartido.",
        ),
        (
            "building",
            "Sabemos explicar a un socio, en sus propios términos, qué gana trabajando con los proyectos "
            "Wikimedia y qué le pediremos.",
        ),
        (
            "building",
            "Después de cada reunión, el socio y nosotros sabemos cuál es el siguiente paso, para cuándo es y a "
            "quién llamar.",
        ),
        (
            "building",
            "Seguimos una forma acordada de trabajar con los socios en cada etapa, y las personas implicadas la "
            "conocen.",
        ),
        (
            "deepening",
            "Cada alianza tiene en nuestro lado una persona que mantiene un contacto regular con el socio.",
        ),
        (
            "deepening",
            "Recurrimos a asociaciones y redes de instituciones para llegar a varios socios con un solo acercamiento.",
        ),
        (
            "deepening",
            "Cuando un proyecto termina, nuestros socios saben cómo seguir contribuyendo a los proyectos "
            "Wikimedia sin nosotros.",
        ),
        (
            "evaluating",
            "Antes de empezar un proyecto, acordamos con el socio objetivos medibles: artículos, archivos, "
            "participantes.",
        ),
        (
            "evaluating",
            "Comparamos con regularidad el tiempo y el dinero que cuesta una alianza con lo que devuelve.",
        ),
    ],
}

# (key, area, text). The key is the same in every language and stays when the wording changes, so that plans
# can point at it.
DEFAULT_RECOMMENDATIONS = {
    "en": [
        (
            "right-size-partner",
            "selecting",
            "Work out what kind and size of partner a project really needs, and whether we can cope with a "
            "large institution or would do better with a small one.",
        ),
        (
            "map-institutions",
            "selecting",
            "Keep a list of the institutions in our region or theme that relate to our mission, with a way to "
            "reach each.",
        ),
        ("ask-volunteers", "selecting", "Ask our volunteers whom they know: their personal links often open doors."),
        (
            "rank-opportunities",
            "selecting",
            "When more institutions want to work with us than we can serve, rank them by the results we "
            "expect soon and later, and take on the best.",
        ),
        (
            "deliver-or-decline",
            "selecting",
            "Turn down an attractive offer we cannot staff: a partnership that fails costs us standing with "
            "every other partner.",
        ),
        (
            "rivals-to-allies",
            "selecting",
            "Look at groups competing with us for the same funds or attention, and ask whether working "
            "together would serve both.",
        ),
        (
            "log-every-contact",
            "building",
            "Note every exchange with a partner, at events and elsewhere, in one shared place that the whole "
            "team can read.",
        ),
        (
            "contact-without-ask",
            "building",
            "Mix requests with contact that asks for nothing: some relationships need time before any proposal.",
        ),
        (
            "partner-viewpoint",
            "building",
            "Present the collaboration from the partner's side — what they gain — and, as talks go on, say "
            "plainly what they will be responsible for.",
        ),
        (
            "start-with-users",
            "building",
            "Start with institutions that already rely on Wikimedia content, such as universities and "
            "schools, and spell out what each side gives and receives.",
        ),
        (
            "dated-next-step",
            "building",
            "Close every meeting with a dated next step and the name of the person on our side to contact.",
        ),
        (
            "stage-protocol",
            "building",
            "Write down how we approach and follow up partners at each stage, and make sure everyone involved knows it.",
        ),
        (
            "one-owner",
            "deepening",
            "Give each partnership one owner, volunteer or staff, who keeps contact steady and regular.",
        ),
        (
            "meet-the-community",
            "deepening",
            "Introduce partners to several of our volunteers and contributors so they see the breadth of our work.",
        ),
        (
            "use-networks",
            "deepening",
            "Work through associations and consortia of institutions to reach many partners with one approach.",
        ),
        (
            "plan-the-afterlife",
            "deepening",
            "Plan from the start how the partner can keep contributing once the formal project is over.",
        ),
        (
            "share-long-term-gains",
            "deepening",
            "Record and share long-term gains, including early signs of progress that outcome figures do not show yet.",
        ),
        (
            "weigh-effort",
            "evaluating",
            "Review regularly what a partnership costs in time and money and what it returns, against "
            "milestones on a timeline.",
        ),
        (
            "agree-targets",
            "evaluating",
            "Agree targets for content and participation with the partner before the work begins, and measure "
            "progress against them together.",
        ),
    ],
    "fr": [
        (
            "right-size-partner",
            "selecting",
            "Déterminer quel type et quelle taille de partenaire un projet demande vraiment, et si nous pouvons "
            "suivre une grande institution ou ferions mieux de choisir une petite.",
        ),
        (
            "map-institutions",
            "selecting",
            "Tenir une liste des institutions de notre région ou de notre thème liées à notre mission, avec un "
            "moyen de joindre chacune.",
        ),
        (
            "ask-volunteers",
            "selecting",
            "Demander à nos bénévoles qui ils connaissent : leurs liens personnels ouvrent souvent des portes.",
        ),
        (
            "rank-opportunities",
            "selecting",
            "Quand plus d'institutions veulent travailler avec nous que nous ne pouvons en accompagner, les "
            "classer selon les résultats attendus à court et à long terme, et retenir les meilleures.",
        ),
        (
            "deliver-or-decline",
            "selecting",
            "Refuser une offre séduisante que nous ne pouvons pas assumer : un partenariat qui échoue nuit à "
            "notre réputation auprès de tous les autres partenaires.",
        ),
        (
            "rivals-to-allies",
            "selecting",
            "Regarder les groupes qui recherchent les mêmes fonds ou la même attention que nous, et se demander "
            "si travailler ensemble servirait les deux.",
        ),
        (
            "log-every-contact",
            "building",
            "Noter chaque échange avec un partenaire, lors d'événements ou ailleurs, dans un même espace "
            "partagé que toute l'équipe peut lire.",
        ),
        (
            "contact-without-ask",
            "building",
            "Alterner les demandes et les contacts sans rien demander : certaines relations ont besoin de temps "
            "avant toute proposition.",
        ),
        (
            "partner-viewpoint",
            "building",
            "Présenter la collaboration du point de vue du partenaire — ce qu'il y gagne — et, au fil des "
            "discussions, dire clairement ce dont il sera responsable.",
        ),
        (
            "start-with-users",
            "building",
            "Commencer par les institutions qui utilisent déjà les contenus Wikimedia, comme les universités et "
            "les écoles, et préciser ce que chaque partie apporte et reçoit.",
        ),
        (
            "dated-next-step",
            "building",
            "Terminer chaque réunion par une prochaine étape datée et le nom de la personne à contacter de notre côté.",
        ),
        (
            "stage-protocol",
            "building",
            "Écrire comment nous approchons et suivons les partenaires à chaque étape, et s'assurer que toutes "
            "les personnes concernées le savent.",
        ),
        (
            "one-owner",
            "deepening",
            "Confier chaque partenariat à un responsable, bénévole ou salarié, qui garde un contact suivi et régulier.",
        ),
        (
            "meet-the-community",
            "deepening",
            "Présenter aux partenaires plusieurs de nos bénévoles et contributeurs, pour qu'ils voient "
            "l'étendue de notre travail.",
        ),
        (
            "use-networks",
            "deepening",
            "Passer par des associations et des consortiums d'institutions pour atteindre de nombreux "
            "partenaires en une seule démarche.",
        ),
        (
            "plan-the-afterlife",
            "deepening",
            "Prévoir dès le départ comment le partenaire pourra continuer à contribuer une fois le projet "
            "officiel terminé.",
        ),
        (
            "share-long-term-gains",
            "deepening",
            "Noter et partager les bénéfices à long terme, y compris les premiers signes de progrès que les "
            "chiffres de résultats ne montrent pas encore.",
        ),
        (
            "weigh-effort",
            "evaluating",
            "Examiner régulièrement ce qu'un partenariat coûte en temps et en argent et ce qu'il rapporte, au "
            "regard de jalons placés sur un calendrier.",
        ),
        (
            "agree-targets",
            "evaluating",
            "Convenir avec le partenaire d'objectifs de contenu et de participation avant le début du travail, "
            "et mesurer ensemble les progrès accomplis.",
        ),
    ],
    "de": [
        (
            "right-size-partner",
            "selecting",
            "Klären, welche Art und Größe von Partner ein Projekt wirklich braucht und ob wir einer großen "
            "Einrichtung gewachsen sind oder mit einer kleinen besser fahren.",
        ),
        (
            "map-institutions",
            "selecting",
            "Eine Liste der Einrichtungen unserer Region oder unseres Themas führen, die zu unserem Auftrag "
            "passen, mit einem Weg, jede zu erreichen.",
        ),
        (
            "ask-volunteers",
            "selecting",
            "Unsere Ehrenamtlichen fragen, wen sie kennen: Ihre persönlichen Verbindungen öffnen oft Türen.",
        ),
        (
            "rank-opportunities",
            "selecting",
            "Wenn mehr Einrichtungen mit uns arbeiten wollen, als wir betreuen können, sie nach den kurz- und "
            "langfristig erwarteten Ergebnissen ordnen und die besten annehmen.",
        ),
        (
            "deliver-or-decline",
            "selecting",
            "Ein verlockendes Angebot ablehnen, für das uns die Leute fehlen: Eine gescheiterte Partnerschaft "
            "kostet uns Ansehen bei allen anderen Partnern.",
        ),
        (
            "rivals-to-allies",
            "selecting",
            "Gruppen betrachten, die mit uns um dieselben Mittel oder dieselbe Aufmerksamkeit konkurrieren, und "
            "fragen, ob eine Zusammenarbeit beiden dienen würde.",
        ),
        (
            "log-every-contact",
            "building",
            "Jeden Austausch mit einem Partner, auf Veranstaltungen und anderswo, an einem gemeinsamen Ort "
            "festhalten, den das ganze Team lesen kann.",
        ),
        (
            "contact-without-ask",
            "building",
            "Anfragen mit Kontakten mischen, die nichts verlangen: Manche Beziehungen brauchen Zeit, bevor ein "
            "Vorschlag kommt.",
        ),
        (
            "partner-viewpoint",
            "building",
            "Die Zusammenarbeit aus Sicht des Partners darstellen — was er gewinnt — und im Lauf der Gespräche "
            "klar sagen, wofür er verantwortlich sein wird.",
        ),
        (
            "start-with-users",
            "building",
            "Mit Einrichtungen beginnen, die schon auf Wikimedia-Inhalte zurückgreifen, etwa Hochschulen und "
            "Schulen, und genau sagen, was jede Seite gibt und bekommt.",
        ),
        (
            "dated-next-step",
            "building",
            "Jedes Treffen mit einem datierten nächsten Schritt und dem Namen der Ansprechperson auf unserer "
            "Seite abschließen.",
        ),
        (
            "stage-protocol",
            "building",
            "Aufschreiben, wie wir Partner in jeder Phase ansprechen und begleiten, und sicherstellen, dass alle "
            "Beteiligten es wissen.",
        ),
        (
            "one-owner",
            "deepening",
            "Jeder Partnerschaft eine verantwortliche Person geben, ehrenamtlich oder hauptamtlich, die den "
            "Kontakt beständig und regelmäßig hält.",
        ),
        (
            "meet-the-community",
            "deepening",
            "Partner mehreren unserer Ehrenamtlichen und Mitwirkenden vorstellen, damit sie die Breite unserer "
            "Arbeit sehen.",
        ),
        (
            "use-networks",
            "deepening",
            "Über Verbände und Zusammenschlüsse von Einrichtungen arbeiten, um mit einem Anlauf viele Partner "
            "zu erreichen.",
        ),
        (
            "plan-the-afterlife",
            "deepening",
            "Von Anfang an planen, wie der Partner weiter beitragen kann, wenn das offizielle Projekt vorbei ist.",
        ),
        (
            "share-long-term-gains",
            "deepening",
            "Langfristige Erträge festhalten und teilen, auch frühe Zeichen von Fortschritt, die die Zahlen noch "
            "nicht zeigen.",
        ),
        (
            "weigh-effort",
            "evaluating",
            "Regelmäßig prüfen, was eine Partnerschaft an Zeit und Geld kostet und was sie bringt, gemessen an "
            "Meilensteinen auf einem Zeitplan.",
        ),
        (
            "agree-targets",
            "evaluating",
            "Vor Arbeitsbeginn mit dem Partner Ziele für Inhalte und Beteiligung vereinbaren und den Fortschritt "
            "gemeinsam daran messen.",
        ),
    ],
    "es": [
        (
            "right-size-partner",
            "selecting",
            "Averiguar qué tipo y tamaño de socio necesita de verdad un proyecto, y si podemos con una "
            "institución grande o nos iría mejor con una pequeña.",
        ),
        (
            "map-institutions",
            "selecting",
            "Mantener una lista de las instituciones de nuestra región o temática relacionadas con nuestra "
            "misión, con una forma de contactar con cada una.",
        ),
        (
            "ask-volunteers",
            "selecting",
            "Preguntar a nuestros voluntarios a quién conocen: sus vínculos personales suelen abrir puertas.",
        ),
        (
            "rank-opportunities",
            "selecting",
            "Cuando más instituciones quieren trabajar con nosotros de las que podemos atender, ordenarlas por "
            "los resultados que esperamos a corto y a largo plazo, y quedarnos con las mejores.",
        ),
        (
            "deliver-or-decline",
            "selecting",
            "Rechazar una oferta atractiva que no podemos atender: una alianza que fracasa nos resta prestigio "
            "ante todos los demás socios.",
        ),
        (
            "rivals-to-allies",
            "selecting",
            "Fijarnos en los grupos que compiten con nosotros por los mismos fondos o la misma atención, y "
            "preguntarnos si trabajar juntos beneficiaría a ambos.",
        ),
        (
            "log-every-contact",
            "building",
            "Anotar cada intercambio con un socio, en eventos o en otros lugares, en un único espacio compartido "
            "que todo el equipo pueda leer.",
        ),
        (
            "contact-without-ask",
            "building",
            "Combinar las peticiones con contactos que no piden nada: algunas relaciones necesitan tiempo antes "
            "de cualquier propuesta.",
        ),
        (
            "partner-viewpoint",
            "building",
            "Presentar la colaboración desde el lado del socio — lo que gana — y, a medida que avanzan las "
            "conversaciones, decir con claridad de qué será responsable.",
        ),
        (
            "start-with-users",
            "building",
            "Empezar por instituciones que ya usan contenidos de Wikimedia, como universidades y escuelas, y "
            "precisar lo que cada parte da y recibe.",
        ),
        (
            "dated-next-step",
            "building",
            "Cerrar cada reunión con un siguiente paso con fecha y el nombre de la persona de contacto de "
            "nuestro lado.",
        ),
        (
            "stage-protocol",
            "building",
            "Poner por escrito cómo nos acercamos a los socios y les damos seguimiento en cada etapa, y "
            "asegurarnos de que todas las personas implicadas lo sepan.",
        ),
        (
            "one-owner",
            "deepening",
            "Dar a cada alianza una persona responsable, voluntaria o del personal, que mantenga un contacto "
            "constante y regular.",
        ),
        (
            "meet-the-community",
            "deepening",
            "Presentar a los socios a varios de nuestros voluntarios y colaboradores para que vean la amplitud "
            "de nuestro trabajo.",
        ),
        (
            "use-networks",
            "deepening",
            "Trabajar a través de asociaciones y consorcios de instituciones para llegar a muchos socios con un "
            "solo acercamiento.",
        ),
        (
            "plan-the-afterlife",
            "deepening",
            "Planificar desde el principio cómo el socio podrá seguir contribuyendo cuando termine el proyecto formal.",
        ),
        (
            "share-long-term-gains",
            "deepening",
            "Registrar y compartir los beneficios a largo plazo, incluidas las primeras señales de avance que "
            "las cifras de resultados aún no muestran.",
        ),
        (
            "weigh-effort",
            "evaluating",
            "Revisar con regularidad lo que una alianza cuesta en tiempo y dinero y lo que devuelve, frente a "
            "hitos en un calendario.",
        ),
        (
            "agree-targets",
            "evaluating",
            "Acordar con el socio objetivos de contenido y participación antes de empezar el trabajo, y medir "
            "juntos los avances.",
        ),
    ],
}
