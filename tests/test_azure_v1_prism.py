"""Prism serving Azure's v1 description (``spec/azure/v1``) takes every request ``AzureClient``
sends on the v1 API: each call below would raise ``ftkit.UnprocessableEntityError`` (422) or
``ftkit.AuthenticationError`` (401) if Prism found the request off the description."""

from __future__ import annotations

import ftkit
import httpx
import pytest

KEY = "prism-key"


@pytest.fixture
def client(azure_v1_prism_url: str) -> ftkit.AzureClient:
    requests: list[httpx.Request] = []
    http = httpx.Client(event_hooks={"request": [requests.append]})
    built = ftkit.AzureClient(azure_endpoint=azure_v1_prism_url, api_key=KEY, http_client=http, max_retries=0)
    built.sent = requests  # type: ignore[attr-defined]
    return built


def test_every_request_ftkit_sends_on_v1_passes_prism(client: ftkit.AzureClient) -> None:
    uploaded = client.files.upload(b'{"messages": [{"role": "user", "content": "hi"}]}\n', "fine-tune")
    assert uploaded.id
    client.files.list(purpose="fine-tune")
    client.files.retrieve("file-abc")
    client.files.content("file-abc")
    client.files.delete("file-abc")
    method = ftkit.Method.supervised(n_epochs=2, batch_size=4)
    client.jobs.create(model="gpt-4.1-mini-2025-04-14", training_file="file-abc", validation_file="file-def",
                       method=method, suffix="bot", seed=7, training_type="globalstandard")  # fmt: skip
    client.jobs.create(model="gpt-4.1-mini-2025-04-14", training_file="file-abc", training_type=1,
                       hyperparameters={"n_epochs": 2, "prompt_loss_weight": 0.1})  # fmt: skip
    client.jobs.create(model="gpt-4.1-mini-2025-04-14", training_file="file-abc", training_type="developer",
                       method={"type": "dpo", "dpo": {"hyperparameters": {"beta": 0.1}}})  # fmt: skip
    client.jobs.list(limit=5)
    client.jobs.retrieve("ftjob-abc")
    client.jobs.cancel("ftjob-abc")
    client.jobs.pause("ftjob-abc")
    client.jobs.resume("ftjob-abc")
    client.jobs.events("ftjob-abc", limit=10)
    client.jobs.checkpoints("ftjob-abc", limit=3)
    client.models.list()
    client.models.retrieve("gpt-4.1-mini-2025-04-14")
    destination = "/subscriptions/s/resourceGroups/g/providers/Microsoft.CognitiveServices/accounts/b"
    client.checkpoints.copies.create("ftjob-abc", "ftchkpt-abc", destination_resource_id=destination,
                                     region="swedencentral", wait=False)  # fmt: skip
    client.checkpoints.copies.retrieve("ftjob-abc", "ftchkpt-abc")
    sent = client.sent  # type: ignore[attr-defined]
    assert len(sent) >= 19 and all(r.url.path.startswith("/openai/v1/") for r in sent)
    assert not any("api-version" in r.url.params for r in sent)


def test_prism_refuses_what_the_description_does_not_take(azure_v1_prism_url: str) -> None:
    # The check is real: a request off the description is refused.
    assert httpx.get(f"{azure_v1_prism_url}/openai/v1/models").status_code == 401  # no key
    bad = httpx.post(f"{azure_v1_prism_url}/openai/v1/fine_tuning/jobs", headers={"api-key": KEY}, json={"model": 1})
    assert bad.status_code == 422
    copy = httpx.post(f"{azure_v1_prism_url}/openai/v1/fine_tuning/jobs/j/checkpoints/c/copy",
                      headers={"api-key": KEY}, json={"destinationResourceId": "d", "region": "r"})  # fmt: skip
    assert copy.status_code == 422  # without the preview header
