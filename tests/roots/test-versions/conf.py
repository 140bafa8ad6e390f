extensions = ["myst_parser", "reiki"]
reiki_statutes = "statutes.yaml"
exclude_patterns = ["policies/versions/**"]
language = "ja"
