# The battery's root (tests/test_battery.py): one instrument, a fragment, a catalog and data, each a route to plant in.
extensions = ["myst_parser", "reiki", "sphinxcontrib.bibtex"]
language = "ja"
exclude_patterns = ["_fragments/**", "_build/**"]
myst_enable_extensions = ["colon_fence"]
locale_dirs = ["locale/"]
reiki_statutes = "data/statutes.yaml"
reiki_pii_allowlist = "data/pii-allowlist.yaml"
reiki_pii_patterns = "data/pii-patterns.yaml"  # copied from the corpus by the test, so the two never drift
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "kokuji"
bibtex_reference_style = "kokuji"
