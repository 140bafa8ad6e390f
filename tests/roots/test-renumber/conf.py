extensions = ["myst_parser", "reiki"]
reiki_statutes = "statutes.yaml"
reiki_requirements, reiki_checklist, reiki_audits = "req.yaml", "check.yaml", "audits.yaml"
exclude_patterns = ["policies/versions/**"]
language = "ja"
