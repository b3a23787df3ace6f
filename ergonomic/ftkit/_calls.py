"""The requests ftkit sends: a ``Call`` of a generated endpoint, its parser, and the two
endpoints whose bodies are bytes (a file's content, an upload).

Flows (``watch``, ``metrics``, ``create``) and resources build their requests here, so
neither needs the other: this module sits under both.

>>> from ftkit_api.api.fine_tuning import retrieve_fine_tuning_job
>>> call(retrieve_fine_tuning_job, "ftjob-abc").kwargs["url"]
'/fine_tuning/jobs/ftjob-abc'
"""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Callable
from types import ModuleType
from typing import IO, Any, Union

import httpx
from ftkit_api.types import read_json

from ._flow import Call

__all__ = [
    "PURPOSES",
    "FileInput",
    "call",
    "content_call",
    "deployment_call",
    "endpoint",
    "json_call",
    "parser",
    "upload_request",
]

#: What ``files.upload`` takes: a path, the bytes themselves, or a binary file object.
FileInput = Union[str, "os.PathLike[str]", bytes, IO[bytes]]

#: The purposes the API documents for a file (the spec's CreateFileRequestPurpose), each with
#: whether an Upload takes it too (CreateUploadRequestPurpose: a file above ``threshold`` goes
#: through one). Written out so that importing ftkit loads no request model; a test keeps
#: both equal to the spec's.
PURPOSES: dict[str, bool] = {
    "assistants": True,
    "batch": True,
    "evals": False,
    "fine-tune": True,
    "user_data": False,
    "vision": True,
}

#: Success statuses read as the documented 200 (Azure OpenAI's 201 Created on create).
_OTHER_SUCCESS = frozenset({201})


class _ParserClient:
    """What the generated parsers read of the client they are given: whether an undocumented
    status raises (it does not: ``parser`` says so itself). Not the generated ``Client``, whose
    classes the first request need not build (start-up time)."""

    raise_on_unexpected_status = False


_PARSER_CLIENT: Any = _ParserClient()


class _LazyEndpoint(ModuleType):
    """A generated endpoint module that is imported when first used (see :func:`endpoint`)."""

    def __getattr__(self, name: str) -> Any:
        module = importlib.import_module(f"ftkit_api.api.{self.__name__}")
        value = getattr(module, name)
        setattr(self, name, value)  # looked up once
        return value


def endpoint(name: str) -> ModuleType:
    """The generated endpoint module ``ftkit_api.api.<name>``, imported on first use.

    Importing an endpoint imports the models of its answer, and a job's model reaches every
    grader model; the resources refer to their endpoints through this so that building a
    client imports none of them (start-up time).

    >>> retrieve = endpoint("fine_tuning.retrieve_fine_tuning_job")
    >>> call(retrieve, "ftjob-abc").kwargs["url"]
    '/fine_tuning/jobs/ftjob-abc'
    """
    return _LazyEndpoint(name)


# The files endpoints every upload and download uses, imported on first use too.
create_file = endpoint("files.create_file")
download_file = endpoint("files.download_file")


@functools.cache
def parser(module: ModuleType) -> Callable[[httpx.Response], Any]:
    """The generated ``_parse_response`` of an endpoint module, failing on an unexpected status.

    >>> from ftkit_api.api.fine_tuning import retrieve_fine_tuning_job
    >>> callable(parser(retrieve_fine_tuning_job))
    True
    """
    parse = module._parse_response

    def parse_answer(response: httpx.Response) -> Any:
        if response.status_code in _OTHER_SUCCESS:
            # Azure OpenAI answers a create with 201 (and a Location) where OpenAI answers 200;
            # the generated parsers know only the documented 200.
            response = httpx.Response(200, headers=response.headers, content=response.content)
        result = parse(client=_PARSER_CLIENT, response=response)
        if result is None:
            raise ValueError(f"unexpected status {response.status_code} for this endpoint")
        return result

    return parse_answer


def call(module: ModuleType, *args: Any, **kwargs: Any) -> Call:
    """A call of a generated endpoint module with these arguments (those of its ``sync``).

    >>> from ftkit_api.api.files import retrieve_file
    >>> call(retrieve_file, "file-abc").kwargs["method"]
    'get'
    """
    return Call(module._get_kwargs(*args, **kwargs), parser(module))


def deployment_call(call: Call, model: str, deployments: bool) -> Call:
    """``call`` (a model's endpoint: chat completions, embeddings) sent where the server wants
    it: on Azure OpenAI's dated surface (``deployments``) under ``/deployments/{model}``, the
    model being the deployment's name; elsewhere as it is (OpenAI, and Azure's v1 surface,
    whose body names the deployment as ``model``).

    >>> deployment_call(Call({"url": "/chat/completions"}, str), "my gpt", True).kwargs["url"]
    '/deployments/my%20gpt/chat/completions'
    """
    if not deployments:
        return call
    from urllib.parse import quote

    return Call({**call.kwargs, "url": f"/deployments/{quote(model, safe='')}{call.kwargs['url']}"}, call.parse)


def json_call(module: ModuleType, body: Any) -> Call:
    """A call of ``module`` (a generated endpoint taking a JSON ``body``) with ``body`` given as
    a dict, whose answer is read as a plain JSON object: for flows that work on JSON (the grader
    engine); an answer that is no JSON object is an ``APIResponseValidationError``.

    >>> json_call(endpoint("chat.create_chat_completion"), {"model": "m", "messages": []}).kwargs["json"]
    {'model': 'm', 'messages': []}
    """
    kwargs = module._get_kwargs(body=_JSONBody(body))

    def parse_json(response: httpx.Response) -> Any:
        try:
            answer = read_json(response.content)
        except ValueError as exc:
            raise ValueError(f"the answer to {kwargs['url']} is not JSON that can be read ({exc})") from None
        if not isinstance(answer, dict):
            # Every endpoint sent this way (chat completions, embeddings) answers an object.
            raise ValueError(f"the answer to {kwargs['url']} is not a JSON object")
        return answer

    return Call(kwargs, parse_json)


class _JSONBody:
    """A request body that is already JSON (what a generated endpoint asks of its body model)."""

    def __init__(self, body: Any) -> None:
        self.body = body

    def to_dict(self) -> Any:
        return self.body


def content_call(file_id: str) -> Call:
    """The call that downloads a file's bytes (a training file, a job's result CSV).

    >>> content_call("file-abc").kwargs["url"]
    '/files/file-abc/content'
    """
    download = parser(download_file)
    return Call(download_file._get_kwargs(file_id), lambda response: download(response).payload.read())


def upload_request(payload: IO[bytes], name: str, purpose: str) -> Call:
    """The ``POST /files`` call that streams ``payload`` as the file ``name``.

    >>> import io
    >>> upload_request(io.BytesIO(b"{}"), "train.jsonl", "fine-tune").kwargs["url"]
    '/files'
    """
    from ftkit_api.models.create_file_request import CreateFileRequest
    from ftkit_api.models.create_file_request_purpose import CreateFileRequestPurpose
    from ftkit_api.types import File

    body = CreateFileRequest(
        file=File(payload=payload, file_name=name, mime_type="application/octet-stream"),  # type: ignore[arg-type]
        purpose=CreateFileRequestPurpose(purpose),
    )
    return call(create_file, body=body)
