# The short date the pages show ("1 Apr 2027"); see settings FORMAT_MODULE_PATH.
SHORT_DATE_FORMAT = "j M Y"
