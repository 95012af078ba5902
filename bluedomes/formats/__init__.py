"""Date and number formats for languages Django ships none for
(FORMAT_MODULE_PATH): without them Kazakh fell back to the English
"N j, Y" ("Шілде 4, 2026")."""
