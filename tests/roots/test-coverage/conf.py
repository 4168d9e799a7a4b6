extensions = ["clipvid_docs"]
bibtex_bibfiles = ["refs.bib"]
clipvid_candidates = "candidates.csv"
exclude_patterns = ["_build"]
