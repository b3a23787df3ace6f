"""Chat completions: ``client.chat.completions.create`` in both clients and on Azure's dated
surface, and the emulator's simulated answers (base and fine-tuned models, both flavours), also
through the official ``openai`` SDK over real HTTP."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import ftkit
import openai
import pytest
from ftkit.emulator import Emulator
from ftkit.grading import completion_sample, grade_local

KEY = "sk-test"
AZURE_KEY = "azure-key"
WORDS = [
    "apple",
    "river",
    "mountain",
    "silver",
    "garden",
    "window",
    "thunder",
    "pencil",
    "candle",
    "harbor",
    "meadow",
    "lantern",
    "velvet",
    "canyon",
    "falcon",
    "orchid",
    "glacier",
    "compass",
    "ember",
    "willow",
]
FRENCH = {w: f"{w[::-1]}-fr" for w in WORDS}  # the "translation" the fine-tune learns


def training_lines() -> bytes:
    lines = [
        {
            "messages": [
                {"role": "system", "content": "You translate single words."},
                {"role": "user", "content": f"Translate the word {word} into French."},
                {"role": "assistant", "content": FRENCH[word]},
            ]
        }
        for word in WORDS
    ]
    return "".join(json.dumps(line) + "\n" for line in lines).encode()


def held_out(word: str) -> list[dict[str, Any]]:
    # The same task, worded otherwise: data from the training distribution the model never saw.
    return [{"role": "system", "content": "You translate single words."},
            {"role": "user", "content": f"What is {word} in French? One word please."}]  # fmt: skip


def fine_tune(client: ftkit.Client, emulator: Emulator) -> str:
    uploaded = client.files.upload(training_lines(), purpose="fine-tune")
    azure = isinstance(client, ftkit.AzureClient)  # Azure OpenAI wants a training type
    job = client.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=uploaded.id,
                             training_type="standard" if azure else None)  # fmt: skip
    done = emulator.run_until(job.id)
    return str(done["fine_tuned_model"])


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator(clock="manual") as emulator:
        yield emulator


@pytest.fixture
def client(emulator: Emulator) -> Iterator[ftkit.Client]:
    with ftkit.Client(api_key=KEY, transport=emulator.transport(), max_retries=2) as client:
        yield client


EXACT = {"type": "string_check", "name": "exact", "input": "{{sample.output_text}}",
         "reference": "{{item.answer}}", "operation": "eq"}  # fmt: skip


def test_a_fine_tune_answers_from_its_training_and_beats_its_base(emulator: Emulator, client: ftkit.Client) -> None:
    model = fine_tune(client, emulator)
    scores: dict[str, list[float]] = {model: [], "gpt-4o-mini-2024-07-18": []}
    for name in scores:
        for word in WORDS:
            answer = client.chat.completions.create(model=name, messages=held_out(word), temperature=0)
            sample = completion_sample(answer.to_dict())
            scores[name].append(grade_local(EXACT, item={"answer": FRENCH[word]}, sample=sample).reward)
    tuned, base = (sum(values) / len(values) for values in scores.values())
    assert tuned >= 0.9 and base == 0.0, scores


def test_answers_are_simulated_deterministic_and_counted(emulator: Emulator, client: ftkit.Client) -> None:
    messages = [{"role": "user", "content": "Tell me about rivers."}]
    first = client.chat.completions.create(model="gpt-4o-mini", messages=messages)
    again = client.chat.completions.create(model="gpt-4o-mini", messages=messages)
    assert first.system_fingerprint == "fp_ftkit_emulator_simulated"
    assert first.choices[0].message.content == again.choices[0].message.content
    assert first.object_ == "chat.completion" and first.model == "gpt-4o-mini" and first.id != again.id
    usage = first.usage
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens and usage.completion_tokens > 0
    assert first.choices[0].finish_reason == "stop"


def test_n_stop_and_the_token_limit_shape_the_answer(client: ftkit.Client) -> None:
    messages = [{"role": "user", "content": "Tell me about rivers and mountains."}]
    full = client.chat.completions.create(model="gpt-4o-mini", messages=messages).choices[0].message.content
    several = client.chat.completions.create(model="gpt-4o-mini", messages=messages, n=3)
    assert [c.index for c in several.choices] == [0, 1, 2]
    stopped = client.chat.completions.create(model="gpt-4o-mini", messages=messages, stop=["general"])
    assert stopped.choices[0].message.content == full.split("general")[0]
    short = client.chat.completions.create(model="gpt-4o-mini", messages=messages, max_completion_tokens=3)
    assert short.choices[0].finish_reason == "length" and short.usage.completion_tokens <= 3


def test_structured_output_and_a_forced_tool_call(client: ftkit.Client) -> None:
    schema = {"type": "object", "properties": {"city": {"type": "string"}, "score": {"type": "number", "minimum": 0,
              "maximum": 5}}, "required": ["city", "score"], "additionalProperties": False}  # fmt: skip
    answer = client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "Rate Paris"}],
        response_format={"type": "json_schema", "json_schema": {"name": "rating", "schema": schema}},
    )  # fmt: skip
    parsed = json.loads(answer.choices[0].message.content)
    assert set(parsed) == {"city", "score"} and 0 <= parsed["score"] <= 5
    tool = {"type": "function", "function": {"name": "weather", "parameters": {
        "type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}  # fmt: skip
    called = client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "Weather in Paris?"}], tools=[tool],
        tool_choice="required",
    )  # fmt: skip
    choice = called.choices[0]
    assert choice.finish_reason == "tool_calls" and choice.message.tool_calls[0].function.name == "weather"
    assert "city" in json.loads(choice.message.tool_calls[0].function.arguments)


@pytest.mark.parametrize(
    ("arguments", "argument"),
    [
        ({"model": "", "messages": [{"role": "user", "content": "x"}]}, "model"),
        ({"model": "m", "messages": []}, "messages"),
        ({"model": "m", "messages": [{"role": "robot", "content": "x"}]}, "messages[0].role"),
        ({"model": "m", "messages": [{"role": "user", "content": "x"}], "temperature": 3}, "temperature"),
        ({"model": "m", "messages": [{"role": "user", "content": "x"}], "top_p": -1}, "top_p"),
        ({"model": "m", "messages": [{"role": "user", "content": "x"}], "n": 0}, "n"),
        ({"model": "m", "messages": [{"role": "user", "content": "x"}], "stop": ["a"] * 5}, "stop"),
        ({"model": "m", "messages": [{"role": "user", "content": "x"}], "tool_choice": "sometimes"}, "tool_choice"),
        (
            {"model": "m", "messages": [{"role": "user", "content": "x"}], "response_format": {"type": "xml"}},
            "response_format.type",
        ),
        (
            {"model": "m", "messages": [{"role": "user", "content": "x"}], "max_completion_tokens": 0},
            "max_completion_tokens",
        ),
        ({"model": "m", "messages": ["hi"]}, "messages[0]"),
        ({"model": "m", "messages": [{"role": "user", "content": "x"}], "tools": [{"function": {}}]}, "tools[0]"),
        ({"model": "m", "messages": [{"role": "user", "content": "x"}], "tool_choice": {"name": "f"}}, "tool_choice"),
        ({"model": "m", "messages": [{"role": "user", "content": "x"}], "parallel_tool_calls": "yes"},
         "parallel_tool_calls"),
        ({"model": "m", "messages": [{"role": "user", "content": "x"}], "response_format": "json"}, "response_format"),
        ({"model": "m", "messages": [{"role": "user", "content": "x"}], "response_format": {"type": "json_schema"}},
         "response_format.json_schema"),
        ({"model": "m", "messages": [{"role": "user", "content": "x"}], "stop": ["a", 1]}, "stop"),
        ({"model": "m", "messages": [{"role": "user", "content": "x"}], "stop": []}, "stop"),
    ],
)  # fmt: skip
def test_a_bad_argument_is_refused_before_any_request(
    emulator: Emulator, client: ftkit.Client, arguments: dict[str, Any], argument: str
) -> None:
    with pytest.raises(ftkit.ValidationError) as info:
        client.chat.completions.create(**arguments)
    assert info.value.argument == argument
    assert emulator.request_count() == 0


@pytest.mark.parametrize(
    ("changes", "param"),
    [
        ({"messages": []}, "messages"),
        ({"messages": ["hi"]}, "messages[0]"),
        ({"messages": [{"role": "robot", "content": "x"}]}, "messages[0].role"),
        ({"stream": True}, "stream"),
        ({"temperature": 2.5}, "temperature"),
        ({"top_p": "high"}, "top_p"),
        ({"n": 129}, "n"),
        ({"max_completion_tokens": 0}, "max_completion_tokens"),
        ({"seed": 1.5}, "seed"),
        ({"stop": ["a", "b", "c", "d", "e"]}, "stop"),
        ({"response_format": {"type": "xml"}}, "response_format"),
        ({"tools": {"type": "function"}}, "tools"),
    ],
)
def test_the_emulator_refuses_a_bad_chat_request_from_any_client(
    emulator: Emulator, changes: dict[str, Any], param: str
) -> None:
    # What a client without ftkit's own checks may send (raw HTTP): a 400 naming the parameter.
    body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "x"}], **changes}
    answer = emulator.handle("POST", "/v1/chat/completions", headers={"Authorization": f"Bearer {KEY}"},
                             body=json.dumps(body).encode())  # fmt: skip
    assert answer.status == 400, answer.content()
    assert json.loads(answer.content())["error"]["param"] == param


def test_a_dpo_fine_tune_answers_with_its_preferred_outputs(emulator: Emulator, client: ftkit.Client) -> None:
    lines = [
        {
            "input": {"messages": [{"role": "user", "content": f"Translate the word {word} into French."}]},
            "preferred_output": [{"role": "assistant", "content": FRENCH[word]}],
            "non_preferred_output": [{"role": "assistant", "content": word}],
        }
        for word in WORDS
    ]
    uploaded = client.files.upload("".join(json.dumps(line) + "\n" for line in lines).encode(), purpose="fine-tune")
    job = client.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=uploaded.id,
                             method={"type": "dpo", "dpo": {}})  # fmt: skip
    model = str(emulator.run_until(job.id)["fine_tuned_model"])
    for word in WORDS[:5]:
        answer = client.chat.completions.create(model=model, messages=held_out(word)[1:], temperature=0)
        assert answer.choices[0].message.content == FRENCH[word]


def test_unknown_and_retired_models_are_refused_as_the_api_refuses_them(
    emulator: Emulator, client: ftkit.Client
) -> None:
    model = fine_tune(client, emulator)
    with pytest.raises(ftkit.NotFoundError, match="does not exist") as unknown:
        client.chat.completions.create(model="gpt-99", messages=[{"role": "user", "content": "hi"}])
    assert unknown.value.code == "model_not_found"
    day = emulator.now()
    import datetime

    tomorrow = datetime.datetime.fromtimestamp(day, tz=datetime.timezone.utc).date() + datetime.timedelta(days=1)
    emulator.set_shutdown_date("gpt-4o-mini-2024-07-18", tomorrow.isoformat())
    client.chat.completions.create(model=model, messages=[{"role": "user", "content": "hi"}])  # not yet
    emulator.advance(2 * 86400)
    for name in (model, "gpt-4o-mini-2024-07-18"):
        with pytest.raises(ftkit.NotFoundError, match="has been deprecated") as retired:
            client.chat.completions.create(model=name, messages=[{"role": "user", "content": "hi"}])
        assert retired.value.code == "model_not_found"


def test_faults_and_rate_limits_are_injected_as_on_other_routes(emulator: Emulator, client: ftkit.Client) -> None:
    emulator.inject("POST /chat/completions", status=429, retry_after=0, times=2)
    answer = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
    assert answer.choices[0].message.content
    assert emulator.request_count("POST /chat/completions") == 3  # two 429s, retried by the client


async def test_the_async_client(emulator: Emulator) -> None:
    async with ftkit.AsyncClient(api_key=KEY, transport=emulator.transport()) as client:
        answer = await client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "x"}])
        assert answer.system_fingerprint == "fp_ftkit_emulator_simulated"


def test_azure_sends_chat_to_the_deployment_path() -> None:
    with Emulator(clock="manual", flavor="azure") as emulator, ftkit.AzureClient(
        azure_endpoint="https://r.openai.azure.com", api_version="2024-10-21", api_key=AZURE_KEY,
        transport=emulator.transport(),
    ) as client:  # fmt: skip
        answer = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "x"}])
        assert answer.model == "gpt-4o-mini"
        record = emulator.requests[-1]
        assert record.path == "/openai/deployments/gpt-4o-mini/chat/completions"
        assert record.endpoint == "POST /deployments/{deployment}/chat/completions"
        # No deployment-less route on the dated surface (the v1 API has one: /openai/v1/chat/completions).
        body = json.dumps({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "x"}]}).encode()
        headers = {"api-key": AZURE_KEY, "content-type": "application/json"}
        assert emulator.handle("POST", "/openai/chat/completions?api-version=2024-10-21", headers=headers,
                               body=body).status == 404  # fmt: skip


# -- the official SDK over real HTTP ------------------------------------------------------------------


def test_the_official_sdk_asks_a_fine_tuned_model(emulator: Emulator, client: ftkit.Client) -> None:
    model = fine_tune(client, emulator)
    with emulator.serve() as server:
        sdk = openai.OpenAI(base_url=server.base_url, api_key=KEY, max_retries=0)
        raw = sdk.chat.completions.with_raw_response.create(model=model, messages=held_out("falcon"))
        from openai.types.chat import ChatCompletion

        completion = ChatCompletion.model_validate(raw.http_response.json())  # strict validation
        assert completion.choices[0].message.content == FRENCH["falcon"]
        assert completion.system_fingerprint == "fp_ftkit_emulator_simulated"
        embedded = sdk.embeddings.create(model="text-embedding-3-small", input=["a cat", "a dog"])
        assert len(embedded.data) == 2 and len(embedded.data[0].embedding) == 1536
        sdk.close()


def test_the_official_azure_sdk_asks_a_fine_tuned_deployment() -> None:
    with Emulator(clock="manual", flavor="azure", api_key=AZURE_KEY) as emulator, ftkit.AzureClient(
        azure_endpoint="https://r.openai.azure.com", api_version="2024-10-21", api_key=AZURE_KEY,
        transport=emulator.transport(),
    ) as client:  # fmt: skip
        model = fine_tune(client, emulator)
        assert ".ft-" in model
        with emulator.serve() as server:
            sdk = openai.AzureOpenAI(azure_endpoint=server.endpoint, api_version="2024-10-21", api_key=AZURE_KEY,
                                     max_retries=0)  # fmt: skip
            completion = sdk.chat.completions.create(model=model, messages=held_out("orchid"))
            assert completion.choices[0].message.content == FRENCH["orchid"]
            assert emulator.requests[-1].path == f"/openai/deployments/{model}/chat/completions"
            sdk.close()


def test_the_training_index_is_bounded(
    emulator: Emulator, client: ftkit.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ftkit.emulator import _chat

    monkeypatch.setattr(_chat, "MAX_EXAMPLES", 5)
    monkeypatch.setattr(_chat, "MAX_INDEXES", 1)
    model = fine_tune(client, emulator)
    other = fine_tune(client, emulator)

    def right(name: str, word: str) -> bool:
        answer = client.chat.completions.create(model=name, messages=held_out(word))
        return answer.choices[0].message.content == FRENCH[word]

    # Only the first 5 examples were indexed: the model knows those words and no others.
    assert [right(model, word) for word in WORDS[:7]] == [True] * 5 + [False] * 2
    assert right(other, WORDS[0])  # the second model's index pushes the first one out...
    cache = _chat._CACHES[emulator._state]
    assert list(cache.indexes) == [other]
    assert right(model, WORDS[0]) and list(cache.indexes) == [model]  # ...and is rebuilt when asked again
