extensions = ["clipvid_docs"]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build"]
linkcheck_timeout = 1
linkcheck_retries = 1
linkcheck_workers = 2
