"""What an evaluation costs: inference prices per model, and the estimate made before anything
is sent.

Prices are US dollars per million tokens, for OpenAI's standard (not batch) processing.
Documented: OpenAI's pricing page (https://platform.openai.com/docs/pricing; the "Text tokens"
table for base models, the "Fine-tuning" table for the inference of fine-tuned models, which
costs more than the base model's: twice for gpt-4o-mini, 1.5 times for gpt-4o and gpt-4.1),
as read in a copy of mid-2025 (the models below were still listed at those prices in late 2026:
api-evangelist's reading of the page, 2026-11-05). Prices move: pass your own (``prices=`` /
``--price``) when they have. Azure OpenAI bills by region and deployment type (and an hourly
fee for hosting a fine-tuned deployment), so a deployment has no price here: give one.

The largest answer each model gives (``MAX_OUTPUT_TOKENS``, documented on OpenAI's model
pages) bounds an answer when the run sets no ``max_completion_tokens``.

>>> price_for("ft:gpt-4o-mini-2024-07-18:acme::abc123").output
1.2
>>> price_for("gpt-4o-mini-2024-07-18").output
0.6
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any, Final

from ..data import encoding_for_model, get_counter
from ..errors import ValidationError

__all__ = ["BASE_PRICES", "FINE_TUNED_PRICES", "MAX_OUTPUT_TOKENS", "CostEstimate", "Price", "TokenCount",
           "check_prices", "price_for", "prompt_tokens"]  # fmt: skip


@dataclass(frozen=True)
class Price:
    """US dollars per million tokens: ``input``, ``output`` and, when the model caches
    prompts, ``cached_input``.

    >>> Price(0.3, 1.2).cost(1_000_000, 500_000)
    0.9
    """

    input: float
    output: float
    cached_input: float | None = None

    def cost(self, prompt_tokens: int, completion_tokens: int, cached_tokens: int = 0) -> float:
        """The bill for these tokens (``cached_tokens`` of the prompt at the cached price)."""
        cached_price = self.cached_input if self.cached_input is not None else self.input
        uncached = max(0, prompt_tokens - cached_tokens)
        total = uncached * self.input + cached_tokens * cached_price + completion_tokens * self.output
        return round(total / 1_000_000, 10)


# Documented: OpenAI's pricing page, "Text tokens" (see the module's docstring).
BASE_PRICES: Final[Mapping[str, Price]] = {
    "gpt-4.1-2025-04-14": Price(2.00, 8.00, 0.50),
    "gpt-4.1-mini-2025-04-14": Price(0.40, 1.60, 0.10),
    "gpt-4.1-nano-2025-04-14": Price(0.10, 0.40, 0.025),
    "gpt-4o-2024-08-06": Price(2.50, 10.00, 1.25),
    "gpt-4o-2024-11-20": Price(2.50, 10.00, 1.25),
    "gpt-4o-mini-2024-07-18": Price(0.15, 0.60, 0.075),
    "o4-mini-2025-04-16": Price(1.10, 4.40, 0.275),
    "o3-mini-2025-01-31": Price(1.10, 4.40, 0.55),
    "gpt-3.5-turbo-0125": Price(0.50, 1.50),
    "gpt-3.5-turbo-1106": Price(1.00, 2.00),
    "gpt-4-0613": Price(30.00, 60.00),
}
# Documented: OpenAI's pricing page, "Fine-tuning" (the inference columns; o4-mini's are
# reinforcement fine-tuning's, without the data-sharing discount).
FINE_TUNED_PRICES: Final[Mapping[str, Price]] = {
    "gpt-4.1-2025-04-14": Price(3.00, 12.00, 0.75),
    "gpt-4.1-mini-2025-04-14": Price(0.80, 3.20, 0.20),
    "gpt-4.1-nano-2025-04-14": Price(0.20, 0.80, 0.05),
    "gpt-4o-2024-08-06": Price(3.75, 15.00, 1.875),
    "gpt-4o-mini-2024-07-18": Price(0.30, 1.20, 0.15),
    "o4-mini-2025-04-16": Price(4.00, 16.00, 1.00),
    "gpt-3.5-turbo-0125": Price(3.00, 6.00),
    "gpt-3.5-turbo-1106": Price(3.00, 6.00),
    "gpt-3.5-turbo-0613": Price(3.00, 6.00),
}
# Documented: the models' pages on OpenAI's platform ("max output tokens").
MAX_OUTPUT_TOKENS: Final[Mapping[str, int]] = {
    "gpt-4.1-2025-04-14": 32_768,
    "gpt-4.1-mini-2025-04-14": 32_768,
    "gpt-4.1-nano-2025-04-14": 32_768,
    "gpt-4o-2024-08-06": 16_384,
    "gpt-4o-2024-11-20": 16_384,
    "gpt-4o-mini-2024-07-18": 16_384,
    "o4-mini-2025-04-16": 100_000,
    "o3-mini-2025-01-31": 100_000,
    "gpt-3.5-turbo-0125": 4_096,
    "gpt-3.5-turbo-1106": 4_096,
    "gpt-3.5-turbo-0613": 4_096,
    "gpt-4-0613": 8_192,
}
# The aliases the API resolves to these snapshots (documented: the models' pages).
_ALIASES: Final[Mapping[str, str]] = {
    "gpt-4.1": "gpt-4.1-2025-04-14",
    "gpt-4.1-mini": "gpt-4.1-mini-2025-04-14",
    "gpt-4.1-nano": "gpt-4.1-nano-2025-04-14",
    "gpt-4o": "gpt-4o-2024-08-06",
    "gpt-4o-mini": "gpt-4o-mini-2024-07-18",
    "o4-mini": "o4-mini-2025-04-16",
    "o3-mini": "o3-mini-2025-01-31",
    "gpt-3.5-turbo": "gpt-3.5-turbo-0125",
    "gpt-4": "gpt-4-0613",
}
#: Tokens of framing per message and to prime the answer (OpenAI's cookbook, "How to count
#: tokens"; the same figures as ``ftkit.data``).
TOKENS_PER_MESSAGE: Final = 3
TOKENS_PER_REPLY: Final = 3
#: Ours (a guess): the answer assumed for an example without a reference, when no maximum is
#: known, in the expected (not the bounding) figure.
ASSUMED_ANSWER_TOKENS: Final = 256


def _snapshot(model: str) -> tuple[str, bool]:
    """A model's dated base snapshot and whether it is a fine-tune (``ft:base:org:suffix:id``,
    or a checkpoint ``...:ckpt-step-N``)."""
    tuned = model.startswith("ft:")
    base = model[3:].split(":", 1)[0] if tuned else model
    return _ALIASES.get(base, base), tuned


def price_for(model: str, prices: Mapping[str, Price] | None = None) -> Price | None:
    """The inference price of ``model``: ``prices[model]`` when given, else the documented
    price of its base model (the fine-tuning table's for a fine-tuned model); None when unknown.

    >>> price_for("my-azure-deployment") is None
    True
    >>> price_for("my-azure-deployment", {"my-azure-deployment": Price(1.0, 2.0)}).input
    1.0
    """
    if prices and model in prices:
        return prices[model]
    base, tuned = _snapshot(model)
    return (FINE_TUNED_PRICES if tuned else BASE_PRICES).get(base)


def max_output_tokens(model: str) -> int | None:
    """The longest answer ``model`` gives (its base model's documented maximum), or None.

    >>> max_output_tokens("ft:gpt-4.1-mini-2025-04-14:org::x")
    32768
    """
    return MAX_OUTPUT_TOKENS.get(_snapshot(model)[0])


def check_prices(prices: object) -> dict[str, Price]:
    """``prices`` checked: a mapping of model (or deployment) name to a :class:`Price`, or to
    ``(input, output)`` dollars per million tokens.

    >>> check_prices({"my-deployment": (0.3, 1.2)})["my-deployment"].output
    1.2
    """
    if prices is None:
        return {}
    if not isinstance(prices, Mapping):
        raise ValidationError("prices", prices, "a dict of model name to ftkit.evaluation.Price(input, output)")
    checked: dict[str, Price] = {}
    for name, value in prices.items():
        if isinstance(value, (tuple, list)) and len(value) == 2:
            value = Price(*value)
        numbers = (value.input, value.output) if isinstance(value, Price) else ()
        if (
            not isinstance(name, str)
            or len(numbers) != 2
            or not all(
                isinstance(n, (int, float)) and not isinstance(n, bool) and math.isfinite(n) and n >= 0 for n in numbers
            )
        ):
            raise ValidationError(
                f"prices[{name!r}]", value, "a Price(input, output) of dollars >= 0 per million tokens"
            )
        assert isinstance(value, Price)
        checked[name] = value
    return checked


class TokenCount:
    """Counts a chat prompt's tokens as the cookbook does, with tiktoken in the model's encoding
    when it loads, else ``ftkit.data``'s estimate (4 characters a token).

    >>> TokenCount("gpt-4o-mini", mode="estimate").prompt([{"role": "user", "content": "abcdefgh"}])
    9
    """

    def __init__(self, model: str, mode: str = "auto") -> None:
        counter = get_counter(encoding_for_model(model)[0], mode)
        self.text = counter.count
        self.estimated = counter.estimated

    def prompt(self, messages: Iterable[Any], tools: list[Any] | None = None) -> int:
        total = TOKENS_PER_REPLY
        for message in messages:
            total += TOKENS_PER_MESSAGE
            if isinstance(message, Mapping):
                for value in message.values():
                    total += self.text(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
        if tools:
            total += self.text(json.dumps(tools, ensure_ascii=False))
        return total


def prompt_tokens(messages: Iterable[Any], model: str, mode: str = "auto") -> int:
    """The prompt tokens of ``messages`` for ``model`` (see :class:`TokenCount`).

    >>> prompt_tokens([{"role": "user", "content": "abcd"}], "gpt-4o-mini", mode="estimate")
    8
    """
    return TokenCount(model, mode).prompt(messages)


@dataclass(frozen=True)
class CostEstimate:
    """What a run will cost, made before anything is sent, for the ``examples`` still to send.

    ``prompt_tokens`` are counted from the data (``tokens_estimated``: by the 4-characters
    estimate, tiktoken being unavailable); ``completion_tokens_max`` bounds the answers
    (``max_completion_tokens`` times ``n``, or the model's longest answer; None when nothing
    bounds them); ``completion_tokens_expected`` assumes answers as long as the references.
    ``cost_max`` and ``cost_expected`` are in US dollars (None when the price is unknown or
    nothing bounds the answers); ``judge_calls`` counts a model grader's requests, whose cost
    is not included (``notes`` says so).

    >>> CostEstimate("m", 2, 100, 50, 20, Price(1.0, 2.0)).cost_max
    0.0002
    """

    model: str
    examples: int
    prompt_tokens: int
    completion_tokens_max: int | None
    completion_tokens_expected: int
    price: Price | None
    tokens_estimated: bool = False
    judge_calls: int = 0
    notes: tuple[str, ...] = ()

    @property
    def cost_max(self) -> float | None:
        if self.price is None or self.completion_tokens_max is None:
            return None
        return self.price.cost(self.prompt_tokens, self.completion_tokens_max)

    @property
    def cost_expected(self) -> float | None:
        if self.price is None:
            return None
        return self.price.cost(self.prompt_tokens, self.completion_tokens_expected)

    def to_dict(self) -> dict[str, Any]:
        """The estimate as JSON (``run.json`` keeps it)."""
        found = asdict(self)
        found["cost_max"] = self.cost_max
        found["cost_expected"] = self.cost_expected
        found["notes"] = list(self.notes)
        return found

    def refuse_above(self, max_cost: float | None) -> None:
        """Raise ``ValidationError`` (naming ``max_cost``) when the run may cost more than
        ``max_cost`` dollars, or when its cost cannot be bounded."""
        if max_cost is None:
            return
        if self.price is None:
            raise ValidationError(
                "max_cost", max_cost,
                f"a run whose cost can be bounded: no price is known for {self.model!r} (give one: prices=/--price)",
            )  # fmt: skip
        bound = self.cost_max
        if bound is None:
            raise ValidationError(
                "max_cost", max_cost,
                f"a run whose cost can be bounded: nothing bounds {self.model!r}'s answers"
                " (set max_completion_tokens)",
            )  # fmt: skip
        if bound > max_cost:
            raise ValidationError(
                "max_cost", max_cost,
                f"at least ${bound:.4f}: {self.examples} examples, {self.prompt_tokens:,} prompt tokens and at most"
                f" {self.completion_tokens_max:,} completion tokens may cost up to ${bound:.4f}"
                " (lower --limit or max_completion_tokens, or raise max_cost)",
            )  # fmt: skip
