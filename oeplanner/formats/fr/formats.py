# French writes the month in full and in lower case ("1 avril 2027"), not "1 Avr 2027".
SHORT_DATE_FORMAT = "j F Y"
