"""Training-file validation, token counts and cost estimates, before anything is uploaded.

Most failed fine-tuning jobs fail on their data, after waiting in a queue; this package
finds those problems in seconds on the user's machine:

>>> from ftkit.data import validate
>>> report = validate("typos.jsonl", model="gpt-4o-mini-2024-07-18")
>>> report.valid, report.error_counts
(False, {'invalid_role': 2})
"""

from __future__ import annotations

from ._chat import RESERVED_TOKENS, ROLES
from ._dedup import LineIndex
from ._formats import METHODS, grader_item_fields
from ._images import MAX_IMAGE_BYTES, MAX_IMAGES_PER_EXAMPLE
from ._report import Distribution, Finding, Report, Stats
from ._stats import MIN_EXAMPLES, default_epochs
from ._tokens import CONTEXT_LENGTHS, TokenCounter, context_length_for_model, encoding_for_model, get_counter
from ._validate import MAX_LINE_BYTES, TOKEN_MODES, validate

__all__ = [
    "CONTEXT_LENGTHS",
    "MAX_IMAGES_PER_EXAMPLE",
    "MAX_IMAGE_BYTES",
    "MAX_LINE_BYTES",
    "METHODS",
    "MIN_EXAMPLES",
    "RESERVED_TOKENS",
    "ROLES",
    "TOKEN_MODES",
    "Distribution",
    "Finding",
    "LineIndex",
    "Report",
    "Stats",
    "TokenCounter",
    "context_length_for_model",
    "default_epochs",
    "encoding_for_model",
    "get_counter",
    "grader_item_fields",
    "validate",
]
