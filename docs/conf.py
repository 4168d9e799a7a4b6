"""Sphinx configuration of the clipvid-docs site."""

import os

from clipvid_docs import __version__

# Read the Docs says where the site is served and where its source lives; a
# local build has neither, and then shows no repository links and no sitemap.
_clone = os.environ.get("READTHEDOCS_GIT_CLONE_URL", "")
_repository = _clone.removesuffix(".git") if _clone.startswith("https://") else ""
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")

project = "clipvid-docs"
author = "the clipvid-docs contributors"
copyright = "2026, the clipvid-docs contributors"
release = __version__

extensions = ["myst_parser", "clipvid_docs", "sphinxext.opengraph"]
if html_baseurl:  # a sitemap needs the site's address
    extensions.append("sphinx_sitemap")
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

bibtex_bibfiles = ["../refs.bib"]
clipvid_results = "data/results.csv"
clipvid_candidates = "data/candidates.csv"
clipvid_changes = "data/changes.csv"
clipvid_leaderboards = "leaderboards"  # generated pages, one per benchmark and protocol
clipvid_entries = "entries"  # generated pages, one per refs.bib entry
clipvid_index = "methods"  # the method index page, target of the entry pages' group links
clipvid_feed = "changes.atom"  # Atom feed of the additions
clipvid_pagefind = True  # index the entry pages for search (pip install 'pagefind[bin]')
clipvid_repository = _repository  # "report an error" and "suggest a paper" links
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"

html_theme = "furo"
html_title = "CLIP to video: a verified reference map"
html_static_path = ["_static"]
html_favicon = "_static/favicon.svg"
if _repository:  # furo's "view source" and "edit" links
    html_theme_options = {
        "source_repository": _repository + "/",
        "source_branch": os.environ.get("READTHEDOCS_GIT_IDENTIFIER", "main"),
        "source_directory": "docs/",
    }
sitemap_url_scheme = "{link}"
ogp_site_url = html_baseurl
ogp_site_name = "CLIP to video: a verified reference map"
ogp_social_cards = {"enable": False}  # no generated images: text tags only
ogp_description_length = 200
templates_path = ["_templates"]

exclude_patterns = ["_build"]
nitpicky = True
