"""The built-in statements and recommendations in German (see the package's docstring)."""

# (area, statement)
STATEMENTS = [
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
        "Alle, die mit Partnern zu tun haben, finden unsere bisherigen Gespräche mit ihnen an einem gemeinsamen Ort.",
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
        "Wir arbeiten mit Partnern in jeder Phase nach einem vereinbarten Vorgehen, und alle Beteiligten kennen es.",
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
]

# (key, area, text)
RECOMMENDATIONS = [
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
]
