# German writes the day with a full stop and the month in full ("1. April 2027").
SHORT_DATE_FORMAT = "j. F Y"
