"""clipvid-docs: the Sphinx extension and CLI behind the CLIP-to-video reference map.

Importing the package costs nothing: the data core (:mod:`.bibdata`,
:mod:`.results`, :mod:`.export`, :mod:`.schema`) imports neither Sphinx nor
matplotlib, and the Sphinx side (:mod:`.ext`) is imported only when Sphinx
calls :func:`setup`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.2.0"


def setup(app: Sphinx) -> ExtensionMetadata:
    from .ext import setup as setup_extension

    return setup_extension(app)
