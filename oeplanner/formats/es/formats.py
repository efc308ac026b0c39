# Spanish writes the month in full and in lower case ("1 de abril de 2027").
SHORT_DATE_FORMAT = r"j \d\e F \d\e Y"
