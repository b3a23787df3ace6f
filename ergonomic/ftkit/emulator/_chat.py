"""Chat completions and embeddings, simulated: ``POST /chat/completions``, ``POST /embeddings``
(on Azure OpenAI's dated surface, under ``/deployments/{deployment}/``).

Nothing here is a language model. Every answer is deterministic and labelled simulated (the
completion's ``system_fingerprint`` is :data:`FINGERPRINT`; an embeddings answer carries
``"simulated": true``):

- **a fine-tuned model** answers what it was trained on: the answer of the training example
  whose prompt is nearest to the request's (Jaccard similarity of the words of the user
  messages). The index is built when the model is first asked, from the job's training file,
  at most :data:`MAX_EXAMPLES` examples, and at most :data:`MAX_INDEXES` models are kept
  (least recently asked goes first); the answer of a reinforcement example is its grader's
  reference. So an evaluation on held-out data from the training distribution shows the
  fine-tune ahead of its base.
- **a base model** answers generically (:func:`generic_answer`), or, asked for structured
  output (``response_format`` ``json_schema``), with an instance of the schema whose numbers
  and choices come from a hash of the request: the emulator's simulated judge for model
  graders. A forced tool call is answered with arguments built from the tool's schema.
- ``n``, ``stop`` and ``max_completion_tokens`` shape the answer as the API's do (``length``
  when cut short); usage is counted with ``ftkit.data``'s token estimator (3 tokens a
  message, 3 for the reply, as the cookbook counts).
- **embeddings** are hashed bags of words and word pairs, normalized: texts that share words
  are near, so a ``cosine`` grader behaves sensibly offline.

A model past its shutdown date on the emulator's clock is refused as the API refuses a
retired model (``_models.refuse_retired``); an unknown one with the API's ``model_not_found``.
Faults and rate limits are injected by endpoint like any other route's.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import math
import re
import struct
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from ..data import encoding_for_model, get_counter
from ..grading._engine import leaf_graders
from ..grading._templates import content_text, render
from ._errors import EmulatorError, bad_request
from ._models import UNKNOWN, base_models, refuse_retired
from ._request_checks import expect_object, expect_string, is_int, is_number

if TYPE_CHECKING:
    from ._handlers import Request
    from ._jobs import Job
    from ._state import State

FINGERPRINT: Final = "fp_ftkit_emulator_simulated"
#: Training examples indexed per fine-tuned model, the characters of answers an index keeps in
#: all, and fine-tuned models indexed at once: memory stays bounded (about 4 x 8 M characters).
MAX_EXAMPLES: Final = 20_000
MAX_INDEX_CHARS: Final = 8_000_000
MAX_INDEXES: Final = 4
#: Characters kept of one training answer (a longer one is cut).
MAX_ANSWER_CHARS: Final = 8_000
#: Documented (the spec's CreateChatCompletionRequest): message roles; n from 1 to 128;
#: temperature 0 to 2; top_p 0 to 1; up to 4 stop sequences.
ROLES: Final = ("developer", "system", "user", "assistant", "tool", "function")
#: Documented (the embeddings guide): the models and their default dimensions.
EMBEDDING_MODELS: Final = {
    "text-embedding-3-large": 3072,
    "text-embedding-3-small": 1536,
    "text-embedding-ada-002": 1536,
}
_WORD: Final = re.compile(r"\w+")


# -- what a fine-tuned model learned ----------------------------------------------------------------


@dataclass(frozen=True)
class _Example:
    words: frozenset[str]
    message: dict[str, Any]


@dataclass
class _Index:
    """The training examples of one fine-tuned model (prompt words and the answer), with an
    inverted index from a word to the examples that have it."""

    examples: list[_Example] = field(default_factory=list)
    postings: dict[str, list[int]] = field(default_factory=dict)

    def add(self, example: _Example) -> None:
        for word in example.words:
            self.postings.setdefault(word, []).append(len(self.examples))
        self.examples.append(example)

    def nearest(self, words: frozenset[str]) -> _Example | None:
        """The example whose prompt words are nearest ``words`` (Jaccard; the first on a tie)."""
        shared: dict[int, int] = {}
        for word in words:
            for position in self.postings.get(word, ()):
                shared[position] = shared.get(position, 0) + 1
        best, best_score = None, 0.0
        for position in sorted(shared):
            common = shared[position]
            score = common / (len(words) + len(self.examples[position].words) - common)
            if score > best_score:
                best, best_score = self.examples[position], score
        return best


@dataclass
class _Cache:
    lock: threading.Lock = field(default_factory=threading.Lock)
    indexes: OrderedDict[str, _Index] = field(default_factory=OrderedDict)
    counter: itertools.count[int] = field(default_factory=itertools.count)


_CACHES: weakref.WeakKeyDictionary[Any, _Cache] = weakref.WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def _cache(state: State) -> _Cache:
    with _CACHES_LOCK:
        found = _CACHES.get(state)
        if found is None:
            found = _CACHES[state] = _Cache()
        return found


def prompt_words(messages: Iterable[Any]) -> frozenset[str]:
    """The words of the user (and tool) messages of a prompt, lower case.

    >>> sorted(prompt_words([{"role": "system", "content": "Be brief"},
    ...                      {"role": "user", "content": "Capital of France?"}]))
    ['capital', 'france', 'of']
    """
    words: set[str] = set()
    for message in messages:
        if isinstance(message, Mapping) and message.get("role") in ("user", "tool"):
            words.update(w.lower() for w in _WORD.findall(content_text(message.get("content"))))
    return frozenset(words)


def _training_index(path: str, method: str, grader: Mapping[str, Any] | None) -> _Index:
    index = _Index()
    kept = 0
    with open(path, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            if len(index.examples) >= MAX_EXAMPLES or kept >= MAX_INDEX_CHARS:
                break
            try:
                example = json.loads(line)
            except ValueError:
                continue
            learned = _learned(example, method, grader) if isinstance(example, dict) else None
            if learned is not None:
                index.add(_Example(prompt_words(learned[0]), learned[1]))
                kept += len(learned[1].get("content") or "") + len(line) // 8
    return index


def _learned(
    example: dict[str, Any], method: str, grader: Mapping[str, Any] | None
) -> tuple[list[Any], dict[str, Any]] | None:
    """The prompt of a training example and the answer it teaches, by method's format."""
    if method == "dpo":
        prompt = (example.get("input") or {}).get("messages") or []
        preferred = example.get("preferred_output") or []
        answer = preferred[-1] if preferred and isinstance(preferred[-1], dict) else None
        return (prompt, _kept(answer)) if answer else None
    messages = example.get("messages")
    if not isinstance(messages, list):
        return None
    if method == "reinforcement":
        reference = _reference(grader, example)
        return (messages, {"role": "assistant", "content": reference}) if reference is not None else None
    last = max(
        (i for i, m in enumerate(messages) if isinstance(m, dict) and m.get("role") == "assistant"), default=None
    )
    if last is None:
        return None
    return messages[:last], _kept(messages[last])


def _kept(message: dict[str, Any] | None) -> dict[str, Any]:
    message = message or {}
    kept: dict[str, Any] = {
        "role": "assistant",
        "content": content_text(message.get("content"))[:MAX_ANSWER_CHARS] or None,
    }
    if isinstance(message.get("tool_calls"), list):
        kept["tool_calls"] = message["tool_calls"][:8]
    return kept


def _reference(grader: Mapping[str, Any] | None, item: dict[str, Any]) -> str | None:
    """A reinforcement example's answer: its grader's first reference, filled from the example."""
    if not grader:
        return None
    for leaf in leaf_graders(grader):
        if isinstance(leaf.get("reference"), str):
            text, missing = render(leaf["reference"], item, {})
            if not missing:
                return text[:MAX_ANSWER_CHARS]
    return None


def _index(state: State, model: str, job: Job) -> _Index | None:
    cache = _cache(state)
    with cache.lock:
        found = cache.indexes.get(model)
        if found is not None:
            cache.indexes.move_to_end(model)
            return found
    with state.current():
        stored = state.files.get(job.request.training_file)
        path = stored.path if stored is not None else None
    if path is None:
        return None
    try:
        built = _training_index(path, job.request.method, job.request.grader)
    except OSError:
        return None  # the training file is gone: the model answers generically
    with cache.lock:
        cache.indexes[model] = built
        while len(cache.indexes) > MAX_INDEXES:
            cache.indexes.popitem(last=False)
    return built


# -- answers ----------------------------------------------------------------------------------------


def _unit(*parts: Any) -> float:
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).digest()
    return int.from_bytes(digest[:6], "big") / float(1 << 48)


def generic_answer(messages: list[Any]) -> str:
    """A base model's answer: generic, deterministic, and about the last user message.

    >>> generic_answer([{"role": "user", "content": "What is the capital of France?"}])
    'Here is a general answer to "What is the capital of France?": it depends on the details you give.'
    """
    last = next(
        (
            content_text(m.get("content"))
            for m in reversed(messages)
            if isinstance(m, Mapping) and m.get("role") == "user"
        ),
        "",
    )
    topic = " ".join(last.split()[:12]) or "your message"
    return f'Here is a general answer to "{topic}": it depends on the details you give.'


def schema_instance(schema: Any, seed: str, depth: int = 0) -> Any:
    """A value satisfying the JSON schema ``schema`` (the parts structured outputs use), its
    numbers and choices drawn from ``seed``: the simulated judge's answer.

    >>> schema_instance({"type": "object", "properties": {"result": {"type": "string", "enum": ["a", "b"]}},
    ...                  "required": ["result"]}, "x") in ({"result": "a"}, {"result": "b"})
    True
    """
    if not isinstance(schema, Mapping) or depth > 8:
        return None
    if schema.get("enum"):
        choices = list(schema["enum"])
        return choices[int(_unit(seed) * len(choices)) % len(choices)]
    for union in ("anyOf", "oneOf"):
        if schema.get(union):
            return schema_instance(schema[union][0], seed, depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties") or {}
        return {name: schema_instance(sub, f"{seed}/{name}", depth + 1) for name, sub in properties.items()}
    if kind == "array":
        return [schema_instance(schema.get("items") or {}, f"{seed}/0", depth + 1)]
    if kind in ("number", "integer"):
        low = float(schema.get("minimum", 0))
        high = float(schema.get("maximum", max(low, 1.0)))
        # A score's range is only in its description ("from 0 to 10"): read it there.
        bounds = re.search(r"from (-?[\d.]+) to (-?[\d.]+)", str(schema.get("description", "")))
        if bounds and "minimum" not in schema and "maximum" not in schema:
            low, high = float(bounds.group(1)), float(bounds.group(2))
        value = low + _unit(seed) * (high - low)
        return round(value) if kind == "integer" else round(value, 4)
    if kind == "boolean":
        return _unit(seed) >= 0.5
    if kind == "null":
        return None
    return "Simulated by the emulator."


def _shaped(text: str, stop: Any, max_tokens: int | None, count: Any) -> tuple[str, str]:
    cut = len(text)
    for sequence in [stop] if isinstance(stop, str) else (stop or []):
        if sequence and sequence in text:
            cut = min(cut, text.index(sequence))
    text = text[:cut]
    if max_tokens is not None and count(text) > max_tokens:
        words = text.split(" ")
        while words and count(" ".join(words)) > max_tokens:
            words.pop()
        return " ".join(words), "length"
    return text, "stop"


def _tool_call(tool: Mapping[str, Any], seed: str, number: int) -> dict[str, Any]:
    function = tool.get("function") or {}
    arguments = schema_instance(function.get("parameters") or {"type": "object"}, seed)
    return {
        "id": f"call_{hashlib.sha256(f'{seed}:{number}'.encode()).hexdigest()[:24]}",
        "type": "function",
        "function": {"name": function.get("name", ""), "arguments": json.dumps(arguments)},
    }


def _forced_tool(body: Mapping[str, Any]) -> Mapping[str, Any] | None:
    tools = [t for t in body.get("tools") or [] if isinstance(t, Mapping) and t.get("type") == "function"]
    choice = body.get("tool_choice")
    if not tools or choice in (None, "none", "auto"):
        return None
    if isinstance(choice, Mapping):
        name = (choice.get("function") or {}).get("name")
        return next((t for t in tools if (t.get("function") or {}).get("name") == name), None)
    return tools[0]  # "required"


def simulate_message(body: Mapping[str, Any], index: _Index | None) -> dict[str, Any]:
    """The assistant message the emulator answers ``body`` with (before ``stop``/length cuts)."""
    messages = list(body.get("messages") or [])
    seed = json.dumps([body.get("model"), messages, body.get("seed")], sort_keys=True, default=str)
    if index is not None:
        nearest = index.nearest(prompt_words(messages))
        if nearest is not None:
            learned = dict(nearest.message)
            if learned.get("tool_calls"):
                learned["tool_calls"] = [
                    {**call, "id": f"call_{hashlib.sha256(f'{seed}:{n}'.encode()).hexdigest()[:24]}"}
                    for n, call in enumerate(learned["tool_calls"])
                    if isinstance(call, Mapping)
                ]
            return learned
    forced = _forced_tool(body)
    if forced is not None:
        return {"role": "assistant", "content": None, "tool_calls": [_tool_call(forced, seed, 0)]}
    form = body.get("response_format") or {}
    if form.get("type") == "json_schema":
        schema = (form.get("json_schema") or {}).get("schema") or {}
        return {"role": "assistant", "content": json.dumps(schema_instance(schema, seed))}
    if form.get("type") == "json_object":
        return {"role": "assistant", "content": json.dumps({"answer": generic_answer(messages)})}
    return {"role": "assistant", "content": generic_answer(messages)}


# -- the endpoints ----------------------------------------------------------------------------------


def _resolve(state: State, name: str, any_base: bool = False) -> tuple[str, Job | None]:
    """The model a request names: (its base, None) for a base model, (its base, job) for a
    fine-tuned model or one of its checkpoints; 404 ``model_not_found`` otherwise."""
    job = state.fine_tuned(name) or state.checkpoint_job(name)
    if job is not None:
        return job.model, job
    if name in base_models(state) or (any_base and not name.startswith("ft:")):
        return name, None
    raise EmulatorError(404, UNKNOWN.format(model=name), param="model", code="model_not_found")


def _check_chat(body: dict[str, Any]) -> None:
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise bad_request("Invalid 'messages': expected a non-empty array of messages.", "messages")
    for i, message in enumerate(messages):
        expect_object(message, f"messages[{i}]")
        if message.get("role") not in ROLES:
            raise bad_request(
                f"Invalid value for 'messages[{i}].role': expected one of {', '.join(ROLES)}.", f"messages[{i}].role"
            )
    if body.get("stream"):
        raise bad_request("The emulator does not stream chat completions; leave 'stream' out.", "stream")
    for name, bottom, top in (("temperature", 0, 2), ("top_p", 0, 1)):
        value = body.get(name)
        if value is not None and (not is_number(value) or not bottom <= value <= top):
            raise bad_request(f"Invalid '{name}': expected a number from {bottom} to {top}.", name)
    limits: tuple[tuple[str, int, int | None], ...] = (("n", 1, 128), ("max_completion_tokens", 1, None))
    for name, least, high in limits:
        value = body.get(name)
        if value is not None and (not is_int(value) or value < least or (high is not None and value > high)):
            upper = f" to {high}" if high is not None else " or more"
            raise bad_request(f"Invalid '{name}': expected an integer from {least}{upper}.", name)
    if body.get("seed") is not None and not is_int(body["seed"]):
        raise bad_request("Invalid 'seed': expected an integer.", "seed")
    stop = body.get("stop")
    if (
        stop is not None
        and not isinstance(stop, str)
        and not (isinstance(stop, list) and 1 <= len(stop) <= 4 and all(isinstance(s, str) for s in stop))
    ):
        raise bad_request("Invalid 'stop': expected a string or an array of 1 to 4 strings.", "stop")
    form = body.get("response_format")
    if form is not None and (
        not isinstance(form, dict) or form.get("type") not in ("text", "json_object", "json_schema")
    ):
        raise bad_request(
            "Invalid 'response_format': expected a type of text, json_object or json_schema.", "response_format"
        )
    for name in ("tools",):
        if body.get(name) is not None and not isinstance(body[name], list):
            raise bad_request(f"Invalid '{name}': expected an array.", name)


def _message_tokens(messages: list[Any], count: Callable[[str], int]) -> int:
    return 3 + sum(3 + count(content_text(m.get("content")) if isinstance(m, Mapping) else "") for m in messages)


def create_chat_completion(state: State, request: Request) -> Any:
    """``POST /chat/completions`` (Azure: ``/deployments/{deployment}/chat/completions``, the
    deployment named as the model: a base model or one the emulator fine-tuned)."""
    body = request.json()
    if request.params.get("deployment"):
        body["model"] = request.params["deployment"]
    return complete(state, body)


def complete(state: State, body: dict[str, Any], *, any_base: bool = False) -> dict[str, Any]:
    """The chat completion answering ``body`` (checked here: 400s name the parameter).

    ``any_base`` answers a model the emulator does not list as a base model (a grader's
    judge may be any of the API's models) instead of refusing it."""
    model = expect_string(body.get("model"), "model", min_length=1)
    _check_chat(body)
    with state.current():
        base, job = _resolve(state, model, any_base)
        refuse_retired(state, model, base)
        now = int(state.now)
    index = _index(state, model, job) if job is not None else None
    message = simulate_message({**body, "model": model}, index)
    counter = get_counter(encoding_for_model(base)[0], "estimate").count
    text, finish = _shaped(message.get("content") or "", body.get("stop"), body.get("max_completion_tokens"), counter)
    if message.get("tool_calls"):
        finish = "tool_calls"
        completion = sum(counter(json.dumps(c.get("function", {}))) for c in message["tool_calls"])
    else:
        message["content"] = text
        completion = counter(text)
    message.setdefault("refusal", None)
    n = body.get("n") or 1
    prompt = _message_tokens(list(body["messages"]), counter)
    number = next(_cache(state).counter)
    digest = hashlib.sha256(f"{state.seed}:{number}:{model}".encode()).hexdigest()
    return {
        "id": f"chatcmpl-{digest[:29]}",
        "object": "chat.completion",
        "created": now,
        "model": model,
        "choices": [
            {"index": i, "message": dict(message), "finish_reason": finish, "logprobs": None} for i in range(n)
        ],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": completion * n,
            "total_tokens": prompt + completion * n,
            "prompt_tokens_details": {"cached_tokens": 0},
        },
        "system_fingerprint": FINGERPRINT,
    }


def embedding(text: str, dimensions: int) -> list[float]:
    """The simulated embedding of ``text``: words and word pairs hashed into ``dimensions``
    signed buckets, normalized (texts sharing words are near).

    >>> round(sum(x * x for x in embedding("the cat sat", 8)), 6)
    1.0
    """
    vector = [0.0] * dimensions
    words = [w.lower() for w in _WORD.findall(text)]
    for feature in itertools.chain(words, (f"{a} {b}" for a, b in itertools.pairwise(words))):
        digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
        bucket = int.from_bytes(digest[:4], "big") % dimensions
        vector[bucket] += 1.0 if digest[4] & 1 else -1.0
    norm = math.sqrt(sum(x * x for x in vector)) or 1.0
    return [x / norm for x in vector]


def create_embedding(state: State, request: Request) -> Any:
    """``POST /embeddings`` (Azure: ``/deployments/{deployment}/embeddings``): simulated vectors."""
    body = request.json()
    if request.params.get("deployment"):
        body["model"] = request.params["deployment"]
    return embed(state, body)


def embed(state: State, body: dict[str, Any]) -> dict[str, Any]:
    """The embeddings answering ``body`` (checked here), unless its model is retired."""
    answer = embeddings_answer(body)
    with state.current():
        refuse_retired(state, answer["model"], answer["model"])
    return answer


def embeddings_answer(body: dict[str, Any]) -> dict[str, Any]:
    """The simulated embeddings answering ``body`` (checked here: 400s name the parameter).

    >>> embeddings_answer({"model": "text-embedding-3-small", "input": "hi", "dimensions": 4})["data"][0]["index"]
    0
    """
    model = expect_string(body.get("model"), "model", min_length=1)
    inputs = body.get("input")
    if isinstance(inputs, str) or (isinstance(inputs, list) and inputs and is_int(inputs[0])):
        inputs = [inputs]
    if not isinstance(inputs, list) or not inputs or len(inputs) > 2048:
        raise bad_request("Invalid 'input': expected a string or an array of 1 to 2048 inputs.", "input")
    texts = []
    for i, value in enumerate(inputs):
        if isinstance(value, str) and value:
            texts.append(value)
        elif isinstance(value, list) and value and all(is_int(t) for t in value):
            texts.append(" ".join(f"t{t}" for t in value))
        else:
            raise bad_request(f"Invalid 'input[{i}]': expected a non-empty string or array of tokens.", "input")
    if model not in EMBEDDING_MODELS:
        raise EmulatorError(404, UNKNOWN.format(model=model), param="model", code="model_not_found")
    dimensions = body.get("dimensions", EMBEDDING_MODELS[model])
    if not is_int(dimensions) or not 1 <= dimensions <= EMBEDDING_MODELS[model]:
        raise bad_request(
            f"Invalid 'dimensions': expected an integer from 1 to {EMBEDDING_MODELS[model]}.", "dimensions"
        )
    encoding = body.get("encoding_format", "float")
    if encoding not in ("float", "base64"):
        raise bad_request("Invalid 'encoding_format': expected float or base64.", "encoding_format")
    counter = get_counter("cl100k_base", "estimate").count
    data = []
    for i, text in enumerate(texts):
        vector: Any = embedding(text, dimensions)
        if encoding == "base64":
            vector = base64.b64encode(struct.pack(f"<{dimensions}f", *vector)).decode("ascii")
        data.append({"object": "embedding", "index": i, "embedding": vector})
    tokens = sum(counter(t) for t in texts)
    return {
        "object": "list",
        "data": data,
        "model": model,
        "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
        "simulated": True,
    }
