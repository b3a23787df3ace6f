"""Deprecated: the grader builders now live in :mod:`ftkit.grader_builders` (``ftkit.Grader`` is unchanged).

Importing this module still works and gives the same objects, with a ``DeprecationWarning``.

>>> import warnings
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore", DeprecationWarning)
...     from ftkit.grader_config import Grader
>>> from ftkit.grader_builders import Grader as Builder
>>> Grader is Builder
True
"""

from __future__ import annotations

import warnings

from .grader_builders import (
    AnyGraderModel,
    ContentItemModel,
    Grader,
    GraderModel,
    as_grader,
    check_formula,
    check_grader_source,
    check_template,
)

__all__ = [
    "AnyGraderModel",
    "ContentItemModel",
    "Grader",
    "GraderModel",
    "as_grader",
    "check_formula",
    "check_grader_source",
    "check_template",
]

warnings.warn(
    "ftkit.grader_config is deprecated: import from ftkit.grader_builders (or use ftkit.Grader)",
    DeprecationWarning,
    stacklevel=2,
)
