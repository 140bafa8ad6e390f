extensions = ["myst_parser", "reiki"]
reiki_statutes = "statutes.yaml"
language = "ja"
