extensions = ["myst_parser", "reiki"]
reiki_statutes = "statutes.yaml"
language = "ja"
extensions.append("sphinxcontrib.bibtex")
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "kokuji"
bibtex_reference_style = "kokuji"
