extensions = ["myst_parser", "reiki", "sphinxcontrib.bibtex"]
reiki_statutes, reiki_requirements, reiki_checklist, reiki_audits = "statutes.yaml", "req.yaml", "check.yaml", "audits.yaml"
bibtex_bibfiles, bibtex_default_style, bibtex_reference_style = ["refs.bib"], "kokuji", "kokuji"
language = "ja"
