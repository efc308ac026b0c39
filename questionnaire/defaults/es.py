"""The built-in statements and recommendations in Spanish (see the package's docstring)."""

# (area, statement)
STATEMENTS = [
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
        "Seguimos una forma acordada de trabajar con los socios en cada etapa, y las personas implicadas la conocen.",
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
        "Antes de empezar un proyecto, acordamos con el socio objetivos medibles: artículos, archivos, participantes.",
    ),
    (
        "evaluating",
        "Comparamos con regularidad el tiempo y el dinero que cuesta una alianza con lo que devuelve.",
    ),
]

# (key, area, text)
RECOMMENDATIONS = [
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
        "Cerrar cada reunión con un siguiente paso con fecha y el nombre de la persona de contacto de nuestro lado.",
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
]
