extensions = ["myst_parser", "reiki"]
reiki_statutes, locale_dirs, gettext_compact = "statutes.yaml", ["locale"], False
language = "ja"
