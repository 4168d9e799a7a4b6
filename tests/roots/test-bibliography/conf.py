extensions = ["clipvid_docs"]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build"]
