"""The ``text_similarity`` metrics, computed by the libraries that define them (the ``graders``
extra: ``pip install 'ftkit[graders]'``).

Documented (OpenAI's graders guide, "Text similarity grader"): ``fuzzy_match`` is "a fuzzy
string match, using rapidfuzz"; ``bleu``, ``gleu`` and ``meteor`` compute the BLEU, Google
BLEU and METEOR scores; ``rouge_*`` the ROUGE scores; ``cosine`` the cosine similarity of
the two texts' embeddings "using text-embedding-3-large" (computed by the engine from the
embeddings it asks for: :func:`cosine`). Which function of each library the API calls is not
documented; ours (guesses, each the library's standard sentence-level score, in [0, 1]):

- ``fuzzy_match``: ``rapidfuzz.fuzz.ratio`` / 100 (the normalized Indel similarity);
- ``bleu``: ``sacrebleu.sentence_bleu`` / 100 (its default 13a tokenizer and exponential smoothing);
- ``gleu``: ``nltk.translate.gleu_score.sentence_gleu`` over whitespace tokens;
- ``meteor``: ``nltk.translate.meteor_score.single_meteor_score`` over whitespace tokens, which
  needs the WordNet corpus (:func:`wordnet`);
- ``rouge_1`` ... ``rouge_5``, ``rouge_l``: the F-measure of ``rouge_score``'s ``rouge1`` ...
  ``rougeL`` (its default tokenizer, no stemming).

>>> similarity("fuzzy_match", "kitten", "sitting") == similarity("fuzzy_match", "kitten", "sitting")
True
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import Any, Final

from ..errors import MissingDependencyError

__all__ = ["METRICS", "MissingDependencyError", "cosine", "similarity", "wordnet"]

METRICS: Final = (
    "cosine", "fuzzy_match", "bleu", "gleu", "meteor",
    "rouge_1", "rouge_2", "rouge_3", "rouge_4", "rouge_5", "rouge_l",
)  # fmt: skip
_EXTRA: Final = "pip install 'ftkit[graders]'"
_WORDNET_NEEDED: Final = (
    "the meteor metric needs nltk's WordNet corpus, which no package on PyPI carries: nltk downloads "
    "it from its own server (python -m nltk.downloader wordnet), or point NLTK_DATA at a directory "
    "that holds corpora/wordnet (or corpora/wordnet.zip)"
)


def _require(module: str, metric: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingDependencyError(f"the {metric} metric is computed with {module.split('.')[0]}: {_EXTRA}") from None


def similarity(metric: str, text: str, reference: str, *, synonyms: bool = True) -> float:
    """The score of ``text`` against ``reference`` under ``metric`` (any but ``cosine``), in [0, 1].

    ``synonyms=False`` computes ``meteor`` without its WordNet stage (exact and stem matches
    only): not the METEOR score, for where WordNet cannot be had and the caller says so.

    >>> similarity("rouge_1", "the cat sat", "the cat sat")
    1.0
    """
    if metric == "fuzzy_match":
        fuzz = _require("rapidfuzz.fuzz", metric)
        return float(fuzz.ratio(text, reference)) / 100.0
    if metric == "bleu":
        sacrebleu = _require("sacrebleu", metric)
        return float(sacrebleu.sentence_bleu(text, [reference]).score) / 100.0
    if metric == "gleu":
        gleu = _require("nltk.translate.gleu_score", metric)
        if not text.split() or not reference.split():
            return 0.0
        return float(gleu.sentence_gleu([reference.split()], text.split()))
    if metric == "meteor":
        meteor = _require("nltk.translate.meteor_score", metric)
        if not text.split() or not reference.split():
            return 0.0
        reader = wordnet() if synonyms else _NoSynonyms()
        return float(meteor.single_meteor_score(reference.split(), text.split(), wordnet=reader))
    if metric.startswith("rouge_") and metric in METRICS:
        kind = "rougeL" if metric == "rouge_l" else f"rouge{metric[6:]}"
        return float(_rouge(kind).score(reference, text)[kind].fmeasure)
    if metric == "cosine":
        raise ValueError("cosine compares embeddings: the engine asks for them (cosine(a, b))")
    raise ValueError(f"unknown evaluation_metric {metric!r}; expected one of {', '.join(METRICS)}")


@functools.cache
def _rouge(kind: str) -> Any:
    scorer = _require("rouge_score.rouge_scorer", kind.replace("rouge", "rouge_").lower())
    return scorer.RougeScorer([kind], use_stemmer=False)


@functools.lru_cache(maxsize=1)
def wordnet() -> Any:
    """nltk's WordNet reader, from nltk's data path (``NLTK_DATA``, ``~/nltk_data``, ...); a
    :class:`MissingDependencyError` saying where to get it when it is not there."""
    data = _require("nltk.data", "meteor")
    try:
        data.find("corpora/wordnet")
    except LookupError:
        try:
            data.find("corpora/wordnet.zip")
        except LookupError:
            raise MissingDependencyError(_WORDNET_NEEDED) from None
    corpus = _require("nltk.corpus", "meteor")
    reader = corpus.wordnet
    reader.ensure_loaded()
    return reader


class _NoSynonyms:
    """A WordNet with no entries: METEOR's synonym stage matches nothing."""

    def synsets(self, word: str) -> list[Any]:
        return []


def has_nltk() -> bool:
    """Whether nltk (the graders extra) is installed."""
    import importlib.util

    return importlib.util.find_spec("nltk") is not None


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    """The cosine similarity of two vectors (0 when either is all zeros).

    >>> cosine([1.0, 0.0], [1.0, 0.0]), cosine([1.0, 0.0], [0.0, 1.0])
    (1.0, 0.0)
    """
    if len(a) != len(b):
        raise ValueError(f"the two embeddings differ in length ({len(a)} and {len(b)})")
    dot = math.fsum(x * y for x, y in zip(a, b, strict=True))
    norm = math.sqrt(math.fsum(x * x for x in a)) * math.sqrt(math.fsum(y * y for y in b))
    return dot / norm if norm else 0.0
