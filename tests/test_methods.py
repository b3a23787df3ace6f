"""Method, hyperparameter and integration builders and the job-level checks (ftkit.methods,
ftkit._checks).

Every method is built, compared with the JSON of the spec's request examples, round-tripped
through the generated models and sent in a job create to the Prism mock of the spec (422
when a request breaks it). Every check is fed a bad value: the error must name the
argument and the value, and no request may leave (counted on an httpx transport under the
generated client).
"""

from __future__ import annotations

import math
import subprocess
import sys
from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import Any

import ftkit
import httpx
import pytest
from ftkit._checks import check_metadata, check_seed, check_suffix
from ftkit.errors import ValidationError
from ftkit.grader_builders import Grader
from ftkit.methods import Integration, Method, as_hyperparameters, as_integrations, as_method
from ftkit_api import AuthenticatedClient
from ftkit_api.api.fine_tuning import create_fine_tuning_job
from ftkit_api.models.create_fine_tuning_job_request import CreateFineTuningJobRequest
from ftkit_api.models.create_fine_tuning_job_request_integrations_type_0_item import (
    CreateFineTuningJobRequestIntegrationsType0Item,
)
from ftkit_api.models.fine_tune_method import FineTuneMethod
from ftkit_api.models.fine_tune_method_type import FineTuneMethodType
from ftkit_api.models.fine_tune_supervised_hyperparameters import FineTuneSupervisedHyperparameters
from ftkit_api.models.fine_tune_supervised_method import FineTuneSupervisedMethod
from ftkit_api.models.metadata_type_0 import MetadataType0

EXACT = {
    "type": "string_check",
    "name": "Example string check grader",
    "input": "{{sample.output_text}}",
    "reference": "{{item.label}}",
    "operation": "eq",
}


def exact() -> Any:
    return Grader.string_check("Example string check grader", "{{sample.output_text}}", "{{item.label}}", "eq")


# Builder call -> the request JSON of the spec's examples of POST /fine_tuning/jobs
# ("Epochs", "DPO", "Reinforcement"), plus the defaults and every hyperparameter.
METHODS: dict[str, tuple[Callable[[], FineTuneMethod], dict[str, Any]]] = {
    "supervised default": (Method.supervised, {"type": "supervised", "supervised": {}}),
    "supervised (spec: Epochs)": (
        lambda: Method.supervised(n_epochs=2),
        {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 2}}},
    ),
    "supervised, all set": (
        lambda: Method.supervised(n_epochs=50, batch_size=256, learning_rate_multiplier=0.05),
        {
            "type": "supervised",
            "supervised": {"hyperparameters": {"n_epochs": 50, "batch_size": 256, "learning_rate_multiplier": 0.05}},
        },
    ),
    "dpo (spec: DPO)": (lambda: Method.dpo(beta=0.1), {"type": "dpo", "dpo": {"hyperparameters": {"beta": 0.1}}}),
    "dpo, all set": (
        lambda: Method.dpo(beta=2, n_epochs=1, batch_size=1, learning_rate_multiplier=3),
        {
            "type": "dpo",
            "dpo": {"hyperparameters": {"beta": 2, "n_epochs": 1, "batch_size": 1, "learning_rate_multiplier": 3}},
        },
    ),
    "reinforcement (spec: Reinforcement)": (
        lambda: Method.reinforcement(exact(), reasoning_effort="medium"),
        {
            "type": "reinforcement",
            "reinforcement": {"grader": EXACT, "hyperparameters": {"reasoning_effort": "medium"}},
        },
    ),
    "reinforcement default": (
        lambda: Method.reinforcement(exact()),
        {"type": "reinforcement", "reinforcement": {"grader": EXACT}},
    ),
    "reinforcement, all set": (
        lambda: Method.reinforcement(
            EXACT,
            n_epochs=3,
            batch_size=8,
            learning_rate_multiplier=1.5,
            compute_multiplier=10,
            eval_interval=1,
            eval_samples=4,
            reasoning_effort="high",
        ),
        {
            "type": "reinforcement",
            "reinforcement": {
                "grader": EXACT,
                "hyperparameters": {
                    "n_epochs": 3,
                    "batch_size": 8,
                    "learning_rate_multiplier": 1.5,
                    "compute_multiplier": 10,
                    "eval_interval": 1,
                    "eval_samples": 4,
                    "reasoning_effort": "high",
                },
            },
        },
    ),
}
# The integration of the spec's "W&B Integration" example (whose JSON lacks a comma).
WANDB_JSON = {
    "type": "wandb",
    "wandb": {"project": "my-wandb-project", "name": "ft-run-display-name", "tags": ["first-experiment", "v2"]},
}


@pytest.fixture
def prism(prism_url: str) -> Iterator[AuthenticatedClient]:
    with AuthenticatedClient(base_url=prism_url, token="test") as client:
        yield client


class CountingClient:
    """A generated client whose transport counts the requests that leave."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

        def answer(request: httpx.Request) -> httpx.Response:
            self.requests.append(request)
            return httpx.Response(500)

        self.client = AuthenticatedClient(
            base_url="https://api.example.invalid/v1",
            token="test",
            httpx_args={"transport": httpx.MockTransport(answer)},
        )

    def create_job(self, **arguments: Any) -> None:
        # What the job resource does: every argument through its check, then one request.
        body = CreateFineTuningJobRequest(model="gpt-4o-mini", training_file="file-abc123")
        if "method" in arguments:
            body.method = as_method(arguments["method"])
        if "hyperparameters" in arguments:
            body.hyperparameters = as_hyperparameters(arguments["hyperparameters"])
        if "integrations" in arguments:
            body.integrations = as_integrations(arguments["integrations"])
        if "suffix" in arguments:
            body.suffix = check_suffix(arguments["suffix"])
        if "seed" in arguments:
            body.seed = check_seed(arguments["seed"])
        if "metadata" in arguments:
            body.metadata = MetadataType0.from_dict(check_metadata(arguments["metadata"]))
        create_fine_tuning_job.sync_detailed(client=self.client, body=body)


@pytest.fixture
def counting() -> CountingClient:
    return CountingClient()


# ---------------------------------------------------------------- every method, to the wire


@pytest.mark.parametrize("case", list(METHODS))
def test_builder_gives_the_json_of_the_reference(case: str) -> None:
    build, expected = METHODS[case]
    assert build().to_dict() == expected


@pytest.mark.parametrize("case", list(METHODS))
def test_round_trip_through_the_generated_models(case: str) -> None:
    method = METHODS[case][0]()
    assert FineTuneMethod.from_dict(method.to_dict()) == method


@pytest.mark.parametrize("case", list(METHODS))
def test_dict_and_generated_model_paths_give_the_builder_result(case: str) -> None:
    build, expected = METHODS[case]
    assert as_method(expected) == build()
    assert as_method(build()) == build()


@pytest.mark.parametrize("case", list(METHODS))
def test_prism_accepts_each_method_in_a_job_create(prism: AuthenticatedClient, case: str) -> None:
    body = CreateFineTuningJobRequest(model="gpt-4o-mini", training_file="file-abc123", method=METHODS[case][0]())
    response = create_fine_tuning_job.sync_detailed(client=prism, body=body)
    assert response.status_code == 200, response.content


def test_prism_accepts_a_job_with_every_checked_argument(prism: AuthenticatedClient) -> None:
    body = CreateFineTuningJobRequest(
        model="gpt-4o-mini",
        training_file="file-abc123",
        validation_file="file-abc123",
        hyperparameters=as_hyperparameters({"n_epochs": 4, "batch_size": "auto"}),
        integrations=[
            Integration.wandb("my-wandb-project", name="ft-run-display-name", tags=["first-experiment", "v2"])
        ],
        suffix=check_suffix("x" * 64),
        seed=check_seed(2_147_483_647),
        metadata=MetadataType0.from_dict(check_metadata({f"k{i:02d}" + "k" * 61: "v" * 512 for i in range(16)})),
    )
    response = create_fine_tuning_job.sync_detailed(client=prism, body=body)
    assert response.status_code == 200, response.content


def test_prism_refuses_what_the_checks_refuse(prism: AuthenticatedClient) -> None:
    # The checks and the spec agree: an out-of-range value built by hand is refused by both.
    method = FineTuneMethod(
        type_=FineTuneMethodType.SUPERVISED,
        supervised=FineTuneSupervisedMethod(hyperparameters=FineTuneSupervisedHyperparameters(n_epochs=51)),
    )
    body = CreateFineTuningJobRequest(model="gpt-4o-mini", training_file="file-abc123", method=method)
    assert create_fine_tuning_job.sync_detailed(client=prism, body=body).status_code == 422
    with pytest.raises(ValidationError):
        as_method(method)


def test_wandb_integration() -> None:
    integration = Integration.wandb("my-wandb-project", name="ft-run-display-name", tags=["first-experiment", "v2"])
    assert integration.to_dict() == WANDB_JSON
    assert CreateFineTuningJobRequestIntegrationsType0Item.from_dict(integration.to_dict()) == integration
    assert as_integrations([WANDB_JSON, integration]) == [integration, integration]
    assert Integration.wandb("p", entity="team").to_dict() == {
        "type": "wandb",
        "wandb": {"project": "p", "entity": "team"},
    }
    # null for name/entity is allowed (the spec makes them nullable) and sent as given.
    assert as_integrations([{"type": "wandb", "wandb": {"project": "p", "name": None}}])[0].to_dict() == {
        "type": "wandb",
        "wandb": {"project": "p", "name": None},
    }


def test_legacy_hyperparameters() -> None:
    assert as_hyperparameters({"n_epochs": 4}).to_dict() == {"n_epochs": 4}
    assert as_hyperparameters({}).to_dict() == {}


def test_explicit_auto_in_a_dict_is_kept_and_auto_from_a_builder_is_not_sent() -> None:
    auto = {"n_epochs": "auto", "batch_size": "auto", "learning_rate_multiplier": "auto"}
    assert as_method({"type": "supervised", "supervised": {"hyperparameters": auto}}).to_dict() == {
        "type": "supervised",
        "supervised": {"hyperparameters": auto},
    }
    assert Method.supervised(n_epochs="auto").to_dict() == {"type": "supervised", "supervised": {}}


def test_numbers_are_sent_as_plain_json_numbers() -> None:
    method = Method.supervised(learning_rate_multiplier=Fraction(1, 4))  # type: ignore[arg-type]
    assert method.to_dict()["supervised"]["hyperparameters"] == {"learning_rate_multiplier": 0.25}


def test_job_level_checks_accept_their_limits() -> None:
    assert check_suffix("x" * 64) == "x" * 64
    assert check_suffix(None) is None
    assert check_seed(0) == 0
    assert check_seed(2_147_483_647) == 2_147_483_647
    assert check_seed(None) is None
    assert check_metadata({}) == {}
    assert check_metadata(None) is None
    assert check_metadata(MetadataType0.from_dict({"a": "b"})) == {"a": "b"}


def test_exported_from_ftkit() -> None:
    assert ftkit.Method is Method
    assert ftkit.Integration is Integration


def test_import_ftkit_does_not_load_the_builders() -> None:
    code = "import sys, ftkit; print([m for m in sys.modules if m.startswith(('ftkit.methods', 'ftkit.grader'))])"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_counting_transport_sees_a_good_request(counting: CountingClient) -> None:
    counting.create_job(method=Method.supervised(), integrations=[WANDB_JSON], suffix="s", seed=1, metadata={})
    assert len(counting.requests) == 1


# ---------------------------------------------------------------- every check, no request


def _supervised(**hyperparameters: Any) -> dict[str, Any]:
    return {"method": {"type": "supervised", "supervised": {"hyperparameters": hyperparameters}}}


def _reinforcement(**hyperparameters: Any) -> dict[str, Any]:
    return {"method": {"type": "reinforcement", "reinforcement": {"grader": EXACT, "hyperparameters": hyperparameters}}}


# (case id, arguments of the job create (or a builder call), argument named, value named)
BAD: list[tuple[str, Callable[[], dict[str, Any]], str, str]] = [
    (
        "n_epochs 0",
        lambda: {"method": Method.supervised(n_epochs=0)},
        "method.supervised.hyperparameters.n_epochs",
        "0",
    ),
    ("n_epochs 51", lambda: _supervised(n_epochs=51), "method.supervised.hyperparameters.n_epochs", "51"),
    ("n_epochs float", lambda: _supervised(n_epochs=2.0), "method.supervised.hyperparameters.n_epochs", "2.0"),
    (
        "n_epochs bool",
        lambda: {"method": Method.supervised(n_epochs=True)},
        "method.supervised.hyperparameters.n_epochs",
        "True",
    ),
    ("n_epochs string", lambda: _supervised(n_epochs="3"), "method.supervised.hyperparameters.n_epochs", "'3'"),
    ("n_epochs AUTO", lambda: _supervised(n_epochs="AUTO"), "method.supervised.hyperparameters.n_epochs", "'AUTO'"),
    (
        "batch_size 0",
        lambda: {"method": Method.supervised(batch_size=0)},
        "method.supervised.hyperparameters.batch_size",
        "0",
    ),
    ("batch_size 257", lambda: {"method": Method.dpo(batch_size=257)}, "method.dpo.hyperparameters.batch_size", "257"),
    (
        "learning_rate_multiplier 0",
        lambda: {"method": Method.supervised(learning_rate_multiplier=0)},
        "method.supervised.hyperparameters.learning_rate_multiplier",
        "0",
    ),
    (
        "learning_rate_multiplier negative",
        lambda: {"method": Method.dpo(learning_rate_multiplier=-0.5)},
        "method.dpo.hyperparameters.learning_rate_multiplier",
        "-0.5",
    ),
    (
        "learning_rate_multiplier nan",
        lambda: _supervised(learning_rate_multiplier=math.nan),
        "method.supervised.hyperparameters.learning_rate_multiplier",
        "nan",
    ),
    (
        "learning_rate_multiplier inf",
        lambda: _supervised(learning_rate_multiplier=math.inf),
        "method.supervised.hyperparameters.learning_rate_multiplier",
        "inf",
    ),
    ("beta 0", lambda: {"method": Method.dpo(beta=0)}, "method.dpo.hyperparameters.beta", "0"),
    ("beta above 2", lambda: {"method": Method.dpo(beta=2.0001)}, "method.dpo.hyperparameters.beta", "2.0001"),
    ("beta bool", lambda: {"method": Method.dpo(beta=True)}, "method.dpo.hyperparameters.beta", "True"),
    (
        "compute_multiplier at the exclusive minimum",
        lambda: {"method": Method.reinforcement(EXACT, compute_multiplier=0.00001)},
        "method.reinforcement.hyperparameters.compute_multiplier",
        "1e-05",
    ),
    (
        "compute_multiplier above 10",
        lambda: _reinforcement(compute_multiplier=10.5),
        "method.reinforcement.hyperparameters.compute_multiplier",
        "10.5",
    ),
    (
        "eval_interval 0",
        lambda: {"method": Method.reinforcement(EXACT, eval_interval=0)},
        "method.reinforcement.hyperparameters.eval_interval",
        "0",
    ),
    (
        "eval_samples 0",
        lambda: _reinforcement(eval_samples=0),
        "method.reinforcement.hyperparameters.eval_samples",
        "0",
    ),
    (
        "eval_samples bool",
        lambda: _reinforcement(eval_samples=False),
        "method.reinforcement.hyperparameters.eval_samples",
        "False",
    ),
    (
        "reasoning_effort",
        lambda: {"method": Method.reinforcement(EXACT, reasoning_effort="extreme")},  # type: ignore[arg-type]
        "method.reinforcement.hyperparameters.reasoning_effort",
        "'extreme'",
    ),
    ("hyperparameter of another method", lambda: _supervised(beta=0.1), "method.supervised.hyperparameters", "'beta'"),
    ("unknown hyperparameter", lambda: _reinforcement(n_epoch=2), "method.reinforcement.hyperparameters", "'n_epoch'"),
    ("method type", lambda: {"method": {"type": "rlhf"}}, "method.type", "'rlhf'"),
    ("method without type", lambda: {"method": {"supervised": {}}}, "method.type", "nothing"),
    (
        "method settings of another type",
        lambda: {"method": {"type": "dpo", "supervised": {}}},
        "method.supervised",
        "{}",
    ),
    ("method unknown key", lambda: {"method": {"type": "dpo", "dpo": {}, "seed": 1}}, "method", "'seed'"),
    ("method not a dict", lambda: {"method": "supervised"}, "method", "'supervised'"),
    (
        "reinforcement without settings",
        lambda: {"method": {"type": "reinforcement"}},
        "method.reinforcement",
        "nothing",
    ),
    (
        "reinforcement without grader",
        lambda: {"method": {"type": "reinforcement", "reinforcement": {}}},
        "method.reinforcement.grader",
        "nothing",
    ),
    (
        "reinforcement bad grader",
        lambda: {"method": Method.reinforcement({**EXACT, "operation": "equals"})},
        "method.reinforcement.grader.operation",
        "'equals'",
    ),
    (
        "reinforcement label_model",
        lambda: {
            "method": Method.reinforcement(
                {
                    "type": "label_model",
                    "name": "l",
                    "model": "m",
                    "input": [{"role": "user", "content": "x"}],
                    "labels": ["a"],
                    "passing_labels": ["a"],
                }
            )
        },
        "method.reinforcement.grader.type",
        "'label_model'",
    ),
    (
        "generated method out of range",
        lambda: {
            "method": FineTuneMethod(
                type_=FineTuneMethodType.SUPERVISED,
                supervised=FineTuneSupervisedMethod(hyperparameters=FineTuneSupervisedHyperparameters(batch_size=0)),
            )
        },
        "method.supervised.hyperparameters.batch_size",
        "0",
    ),
    ("legacy hyperparameters", lambda: {"hyperparameters": {"n_epochs": 0}}, "hyperparameters.n_epochs", "0"),
    ("legacy hyperparameters key", lambda: {"hyperparameters": {"beta": 0.1}}, "hyperparameters", "'beta'"),
    # integrations
    (
        "integration type",
        lambda: {"integrations": [{"type": "mlflow", "wandb": {"project": "p"}}]},
        "integrations[0].type",
        "'mlflow'",
    ),
    (
        "integration project missing",
        lambda: {"integrations": [{"type": "wandb", "wandb": {"name": "n"}}]},
        "integrations[0].wandb.project",
        "nothing",
    ),
    ("integration project empty", lambda: {"integrations": [Integration.wandb("")]}, "integration.wandb.project", "''"),
    (
        "integration tags not a list",
        lambda: {"integrations": [Integration.wandb("p", tags="v2")]},
        "integration.wandb.tags",
        "'v2'",
    ),
    (
        "integration tag not a string",
        lambda: {"integrations": [Integration.wandb("p", tags=["v2", 3])]},  # type: ignore[list-item]
        "integration.wandb.tags[1]",
        "3",
    ),
    (
        "integration name not a string",
        lambda: {"integrations": [Integration.wandb("p", name=7)]},  # type: ignore[arg-type]
        "integration.wandb.name",
        "7",
    ),
    (
        "integration unknown key",
        lambda: {"integrations": [{"type": "wandb", "wandb": {"project": "p", "run": "r"}}]},
        "integrations[0].wandb",
        "'run'",
    ),
    ("integrations not a list", lambda: {"integrations": WANDB_JSON}, "integrations", "{'type': 'wandb'"),
    # job-level
    ("suffix too long", lambda: {"suffix": "x" * 65}, "suffix", "'xxxxxxxx"),
    ("suffix empty", lambda: {"suffix": ""}, "suffix", "''"),
    ("suffix not a string", lambda: {"suffix": 12}, "suffix", "12"),
    ("seed negative", lambda: {"seed": -1}, "seed", "-1"),
    ("seed too big", lambda: {"seed": 2**31}, "seed", "2147483648"),
    ("seed bool", lambda: {"seed": True}, "seed", "True"),
    ("seed float", lambda: {"seed": 4.2}, "seed", "4.2"),
    ("seed string", lambda: {"seed": "42"}, "seed", "'42'"),
    ("metadata too many pairs", lambda: {"metadata": {str(i): "v" for i in range(17)}}, "metadata", "{'0': 'v'"),
    ("metadata key too long", lambda: {"metadata": {"k" * 65: "v"}}, "metadata", "'kkkkkkkk"),
    ("metadata key not a string", lambda: {"metadata": {1: "v"}}, "metadata", "1"),
    ("metadata value too long", lambda: {"metadata": {"k": "v" * 513}}, "metadata['k']", "'vvvvvvvv"),
    ("metadata value not a string", lambda: {"metadata": {"k": 1}}, "metadata['k']", "1"),
    ("metadata not a dict", lambda: {"metadata": ["k"]}, "metadata", "['k']"),
]


@pytest.mark.parametrize(("make", "argument", "value"), [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_bad_argument_is_refused_before_any_request(
    counting: CountingClient, make: Callable[[], dict[str, Any]], argument: str, value: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        counting.create_job(**make())
    message = str(caught.value)
    assert message.startswith(f"{argument}: "), message
    assert value in message, message
    assert caught.value.argument == argument
    assert counting.requests == []


def test_error_says_what_is_allowed() -> None:
    with pytest.raises(ValidationError) as caught:
        Method.reinforcement(EXACT, eval_interval=0)
    assert str(caught.value) == (
        "method.reinforcement.hyperparameters.eval_interval: 0 is not allowed; expected 'auto' or an integer of at"
        " least 1"
    )
    assert caught.value.allowed == "'auto' or an integer of at least 1"
    with pytest.raises(ValidationError, match=r"expected 'auto' or a number greater than 0\.00001 and at most 10$"):
        Method.reinforcement(EXACT, compute_multiplier=0)
