"""Token counting: tiktoken in the model's encoding when it can be loaded, else an estimate.

tiktoken is the optional ``tokens`` extra. It downloads each encoding's file on first use
and keeps it in a cache directory; a machine without network and without that cache
cannot load it. Rather than hang on a network time-out, the loader looks in the cache
first and otherwise gives the download a few seconds in a background thread, then falls
back to an estimate that the report labels as such.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

# Where tiktoken fetches each encoding; used only to find its cache file by the same key
# tiktoken uses (sha1 of this address). If tiktoken ever changes it, we merely skip the
# fast path and try the (time-limited) load.
_ENCODING_SOURCES = {
    "o200k_base": "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
    "cl100k_base": "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
}

LOAD_TIMEOUT_S = 3.0

# Chat-format overheads as documented in OpenAI's token-counting guide for the chat
# format: each message costs a few tokens of framing, a name one more, and the reply is
# primed with a few more. Used by both the exact count and the estimate.
TOKENS_PER_MESSAGE = 3
TOKENS_PER_NAME = 1
TOKENS_PER_REPLY = 3

CHARS_PER_TOKEN = 4

# Legacy completion models read prompt/completion files; every other model reads chat.
LEGACY_COMPLETION_MODELS = ("babbage-002", "davinci-002")

_O200K_PREFIXES = ("gpt-4o", "chatgpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "o1", "o3", "o4")
_CL100K_PREFIXES = ("gpt-4", "gpt-3.5", "gpt-35", "babbage-002", "davinci-002")

# Longest training example each model accepts, in tokens ("training examples context
# length"; a longer example is truncated). Sources:
# - OpenAI's fine-tuning guide, token limits table (2024): gpt-4o-2024-08-06 and
#   gpt-4o-mini-2024-07-18 65,536; gpt-3.5-turbo-0125 and -1106 16,385; gpt-3.5-turbo-0613
#   4,096; babbage-002 and davinci-002 16,384.
# - Azure OpenAI's fine-tuning models table (learn.microsoft.com, "Fine-tuning model
#   guidance"; MicrosoftDocs/azure-ai-docs, includes/fine-tune-models.md), "Training example
#   context length": gpt-4.1-2025-04-14 65,536, gpt-4.1-mini-2025-04-14 65,536,
#   gpt-4.1-nano-2025-04-14 32,768, o4-mini-2025-04-16 65,536 (and the same figures as
#   OpenAI for gpt-4o and gpt-4o-mini). OpenAI's own current guides name these models but
#   give no per-model training-example limit; the Azure figures are the only documented ones.
# - gpt-4-0613: no training-example limit is documented; 8,192 is the model's context window.
# Other snapshots (gpt-4o-2024-05-13, gpt-4o-2024-11-20, ...) cannot be fine-tuned and have no
# documented training limit. Undated names are the aliases the API resolves to these
# snapshots. A model not listed gets no context check unless the caller passes one.
CONTEXT_LENGTHS: dict[str, int] = {
    "gpt-4.1-2025-04-14": 65_536,
    "gpt-4.1": 65_536,
    "gpt-4.1-mini-2025-04-14": 65_536,
    "gpt-4.1-mini": 65_536,
    "gpt-4.1-nano-2025-04-14": 32_768,
    "gpt-4.1-nano": 32_768,
    "o4-mini-2025-04-16": 65_536,
    "o4-mini": 65_536,
    "gpt-4o-2024-08-06": 65_536,
    "gpt-4o": 65_536,
    "gpt-4o-mini-2024-07-18": 65_536,
    "gpt-4o-mini": 65_536,
    "gpt-3.5-turbo-0125": 16_385,
    "gpt-3.5-turbo-1106": 16_385,
    "gpt-3.5-turbo": 16_385,
    "gpt-3.5-turbo-0613": 4_096,
    "babbage-002": 16_384,
    "davinci-002": 16_384,
    "gpt-4-0613": 8_192,
}


def base_model(model: str) -> str:
    """The base model of a model name: ``ft:gpt-4o-mini-2024-07-18:org::id`` -> ``gpt-4o-mini-2024-07-18``.

    >>> base_model("ft:gpt-4o-mini-2024-07-18:acme:suffix:abc123")
    'gpt-4o-mini-2024-07-18'
    """
    if model.startswith("ft:"):
        return model[3:].split(":", 1)[0]
    return model


def fine_tunable(model: str) -> bool:
    """Whether ``model`` is one the fine-tuning guides list (:data:`CONTEXT_LENGTHS`), or a
    fine-tuned model of one (OpenAI's ``ft:...`` or Azure's ``<base>.ft-...``); Azure's
    ``gpt-35-turbo`` spelling counts as ``gpt-3.5-turbo``.

    >>> fine_tunable("ft:gpt-4o-mini-2024-07-18:acme::abc"), fine_tunable("gpt-35-turbo-0125")
    (True, True)
    >>> fine_tunable("gpt-5-bogus")
    False
    """
    name = base_model(model).split(".ft-", 1)[0]
    if name.startswith("gpt-35-"):
        name = "gpt-3.5-" + name[len("gpt-35-") :]
    return name in CONTEXT_LENGTHS


def encoding_for_model(model: str | None) -> tuple[str, bool]:
    """The tiktoken encoding name for ``model``, and whether the model was recognised.

    ``None`` means the API's default model family (gpt-4o-mini), so ``o200k_base``.

    >>> encoding_for_model("gpt-4.1-mini-2025-04-14")
    ('o200k_base', True)
    >>> encoding_for_model("gpt-3.5-turbo-0125")
    ('cl100k_base', True)
    """
    if model is None:
        return "o200k_base", True
    name = base_model(model)
    if name.startswith(_O200K_PREFIXES):
        return "o200k_base", True
    if name.startswith(_CL100K_PREFIXES):
        return "cl100k_base", True
    return "o200k_base", False


def context_length_for_model(model: str | None) -> int | None:
    """The longest training example ``model`` accepts, when the guide's table lists it.

    >>> context_length_for_model("ft:gpt-3.5-turbo-0613:org::x")
    4096
    >>> context_length_for_model("some-new-model") is None
    True
    """
    if model is None:
        return None
    return CONTEXT_LENGTHS.get(base_model(model))


def estimate_tokens(text: str) -> int:
    """Estimated tokens of ``text``: one per 4 characters, rounded up.

    >>> estimate_tokens("12345")
    2
    """
    return (len(text) + CHARS_PER_TOKEN - 1) // CHARS_PER_TOKEN


@dataclass(frozen=True)
class TokenCounter:
    """Counts tokens of strings, exactly (``estimated`` false) or by estimate.

    ``reason`` says why an estimate is used, for the report.

    >>> counter = get_counter("o200k_base", "estimate")
    >>> counter.estimated, counter.count("abcdefgh")
    (True, 2)
    """

    encoding: str
    estimated: bool
    count: Callable[[str], int]
    reason: str | None = None


def _cache_file(source: str) -> str | None:
    # Mirrors where tiktoken caches a download; see the module docstring.
    if "TIKTOKEN_CACHE_DIR" in os.environ:
        cache_dir = os.environ["TIKTOKEN_CACHE_DIR"]
    elif "DATA_GYM_CACHE_DIR" in os.environ:
        cache_dir = os.environ["DATA_GYM_CACHE_DIR"]
    else:
        cache_dir = os.path.join(tempfile.gettempdir(), "data-gym-cache")
    if not cache_dir:
        return None
    return os.path.join(cache_dir, hashlib.sha1(source.encode()).hexdigest())


@cache
def load_encoding(name: str, timeout: float = LOAD_TIMEOUT_S) -> tuple[Any, str | None]:
    """Load tiktoken encoding ``name``: ``(encoding, None)`` or ``(None, reason)``.

    Never waits more than ``timeout`` seconds for a download; the answer is cached for
    the life of the process, failures included, so a batch of files pays at most once.

    >>> encoding, reason = load_encoding("no_such_encoding")
    >>> encoding is None and reason is not None
    True
    """
    try:
        import tiktoken
    except ImportError:
        return None, "tiktoken is not installed (install the 'tokens' extra: pip install 'ftkit[tokens]')"

    def load() -> Any:
        return tiktoken.get_encoding(name)

    source = _ENCODING_SOURCES.get(name)
    cache_file = None if source is None else _cache_file(source)
    if cache_file is not None and os.path.exists(cache_file):
        try:
            return load(), None
        except Exception as exc:  # a corrupt cache is tiktoken's business; we only fall back
            return None, f"tiktoken could not load {name}: {exc}"

    # Not cached: tiktoken would download it, with no time-out of its own. A daemon
    # thread lets us stop waiting; if it finishes later it still fills tiktoken's cache.
    box: dict[str, Any] = {}

    def attempt() -> None:
        try:
            box["encoding"] = load()
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=attempt, name=f"ftkit-load-{name}", daemon=True)
    thread.start()
    thread.join(timeout)
    if "encoding" in box:
        return box["encoding"], None
    if "error" in box:
        failure = box["error"]
        return None, f"tiktoken could not load {name} ({type(failure).__name__}; no network or cache?)"
    return None, f"tiktoken could not load {name} within {timeout:g}s (no network?)"


def get_counter(encoding: str, mode: str = "auto") -> TokenCounter:
    """A token counter for ``encoding``; ``mode`` is ``auto``, ``exact`` or ``estimate``.

    ``auto`` uses tiktoken when it loads and the estimate otherwise; ``exact`` raises
    :class:`RuntimeError` when tiktoken can't be loaded; ``estimate`` never tries.

    >>> get_counter("o200k_base", "estimate").count("")
    0
    """
    if mode == "estimate":
        return TokenCounter(encoding, True, estimate_tokens, "estimates were asked for")
    enc, reason = load_encoding(encoding)
    if enc is None:
        if mode == "exact":
            raise RuntimeError(f"tokens='exact' but {reason}")
        return TokenCounter(encoding, True, estimate_tokens, reason)
    encode = enc.encode_ordinary

    def count(text: str) -> int:
        return len(encode(text))

    return TokenCounter(encoding, False, count)
