"""The built-in statements and recommendations in French (see the package's docstring)."""

# (area, statement)
STATEMENTS = [
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
        "À la fin d'un projet, nos partenaires savent comment continuer à contribuer aux projets Wikimedia sans nous.",
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
]

# (key, area, text)
RECOMMENDATIONS = [
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
]
