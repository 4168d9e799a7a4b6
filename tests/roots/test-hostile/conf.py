extensions = ["clipvid_docs"]
bibtex_bibfiles = ["refs.bib"]
clipvid_results = "results.csv"
exclude_patterns = ["_build"]
