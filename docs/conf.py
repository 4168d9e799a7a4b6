"""Sphinx configuration of the clipvid-docs site."""

from clipvid_docs import __version__

project = "clipvid-docs"
author = "the clipvid-docs contributors"
copyright = "2026, the clipvid-docs contributors"
release = __version__

extensions = ["myst_parser", "clipvid_docs"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

bibtex_bibfiles = ["../refs.bib"]
clipvid_results = "data/results.csv"
clipvid_candidates = "data/candidates.csv"
clipvid_leaderboards = "leaderboards"  # generated pages, one per benchmark and protocol
clipvid_entries = "entries"  # generated pages, one per refs.bib entry
clipvid_index = "methods"  # the method index page, target of the entry pages' group links
clipvid_feed = "changes.atom"  # Atom feed of the additions
clipvid_pagefind = True  # index the entry pages for search (pip install 'pagefind[bin]')
# clipvid_repository = "https://github.com/OWNER/REPO"  # "report an error" links; not known yet
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"

html_theme = "furo"
html_title = "CLIP to video: a verified reference map"
html_static_path = ["_static"]
html_favicon = "_static/favicon.svg"
templates_path = ["_templates"]

exclude_patterns = ["_build"]
nitpicky = True
