"""The exceptions ftkit raises.

Every exception ftkit raises on purpose is a :class:`FtkitError`. The API's errors carry
the names of the official SDK (``APIStatusError``, ``RateLimitError``, ...) so code written
against one reads the same against the other. The others are ftkit's own:
``ValidationError`` (a bad argument, caught before any request), ``TrainingDataError``
(local training data that ``ftkit.data.validate`` found invalid, before any upload),
``JobFailedError`` (a job that ended in ``failed``), ``WaitTimeoutError``,
``MetricsFormatError``, ``MissingAPIKeyError``, ``CredentialError`` (an Entra ID credential
that gave no token) and ``MissingDependencyError`` (an optional extra that is not installed).

Example::

    try:
        client.jobs.retrieve("ftjob-missing")
    except ftkit.NotFoundError as exc:
        print(exc.status_code, exc.code, exc.request_id)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ftkit_api.types import FieldValueError, read_json, set_field_value_error_class

if TYPE_CHECKING:
    import httpx
    from ftkit_api.models.fine_tuning_job import FineTuningJob

    from .data import Report

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "CredentialError",
    "FtkitError",
    "InternalServerError",
    "JobCreationDeniedError",
    "JobFailedError",
    "MetricsFormatError",
    "MissingAPIKeyError",
    "MissingDependencyError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseFieldError",
    "TrainingDataError",
    "TrainingTypeRequiredError",
    "UnprocessableEntityError",
    "ValidationError",
    "WaitTimeoutError",
    "status_error",
]


class FtkitError(Exception):
    """Base class of every exception ftkit raises on purpose.

    Every one pickles and unpickles (its message and attributes, whatever its constructor
    takes), so it crosses process boundaries (``multiprocessing``, ``concurrent.futures``);
    what it keeps of a request has its credentials redacted (:func:`redacted_request`).
    """

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception's own reduce calls cls(*args), which most subclasses' keyword-only
        # constructors refuse: rebuild without calling __init__ instead.
        return (_unpickle, (type(self), self.args, self.__dict__))


def _unpickle(cls: type[FtkitError], args: tuple[Any, ...], state: dict[str, Any]) -> FtkitError:
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


#: Request headers that carry a credential: what an exception keeps of a request, and every
#: URL ftkit logs, shows them redacted.
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "api-key", "x-api-key", "cookie"})
REDACTED = "[redacted]"


def redacted_url(url: str | httpx.URL) -> str:
    """``url`` without its user part (``https://KEY@host/...``: a key some proxies take there),
    as ftkit logs and keeps it.

    >>> redacted_url("https://sk-abc:pw@proxy.test/v1/models")
    'https://proxy.test/v1/models'
    """
    import httpx

    parsed = httpx.URL(url)
    return str(parsed.copy_with(userinfo=b"") if parsed.userinfo else parsed)


def redacted_request(request: httpx.Request) -> httpx.Request:
    """What an exception keeps of ``request``: its method, URL (without a user part), headers
    (those of :data:`SECRET_HEADERS` as ``[redacted]``, after the scheme of an ``Authorization``)
    and its body when it was in memory (a streamed upload's is not kept).

    >>> import httpx
    >>> kept = redacted_request(httpx.Request("GET", "https://x.test/v1", headers={"Authorization": "Bearer sk-abc"}))
    >>> kept.headers["authorization"]
    'Bearer [redacted]'
    """
    import httpx

    headers = [(name, _redacted_value(name, value)) for name, value in request.headers.multi_items()]
    try:
        content: bytes | None = request.content
    except httpx.RequestNotRead:
        content = None
    return httpx.Request(request.method, redacted_url(request.url), headers=headers, content=content)


def _redacted_value(name: str, value: str) -> str:
    if name.lower() not in SECRET_HEADERS:
        return value
    scheme, _, credential = value.partition(" ")
    # "Bearer [redacted]" still says how the request authenticated (a key or token, Basic, ...).
    return f"{scheme} {REDACTED}" if credential and name.lower().endswith("authorization") else REDACTED


class MissingAPIKeyError(FtkitError):
    """No API key was given and ``OPENAI_API_KEY`` is not set."""


class ValidationError(FtkitError, ValueError):
    """A bad argument, caught before any request was sent.

    ``argument`` names the argument (a dotted path for nested values, such as
    ``method.supervised.hyperparameters.n_epochs``), ``value`` is what was given and
    ``allowed`` says what would be accepted.

    >>> str(ValidationError("n_epochs", 0, "'auto' or an integer from 1 to 50"))
    "n_epochs: 0 is not allowed; expected 'auto' or an integer from 1 to 50"
    """

    def __init__(self, argument: str, value: Any, allowed: str) -> None:
        self.argument = argument
        self.value = value
        self.allowed = allowed
        shown = repr(value)
        if len(shown) > 200:
            shown = shown[:197] + "..."
        super().__init__(f"{argument}: {shown} is not allowed; expected {allowed}")


class APIError(FtkitError):
    """Something went wrong talking to the API.

    It keeps a copy of its request without the credentials (``Authorization``, ``api-key``
    and a URL's user part are redacted: :func:`redacted_request`), and so does the answer it
    keeps: logged, printed or pickled (to another process, a cache, a queue), it shows no
    key or token.
    """

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.message = message
        # A copy without the credentials: an exception is logged, pickled, sent to other processes.
        self.request = None if request is None else redacted_request(request)


class APIConnectionError(APIError):
    """The request did not get an answer: connection refused, reset or dropped."""

    def __init__(self, message: str = "Connection error.", *, request: httpx.Request | None = None) -> None:
        super().__init__(message, request=request)


class APITimeoutError(APIConnectionError):
    """The request timed out."""

    def __init__(self, message: str = "Request timed out.", *, request: httpx.Request | None = None) -> None:
        super().__init__(message, request=request)


class APIResponseValidationError(APIError):
    """The server answered 2xx with a body that does not have the documented shape."""

    def __init__(self, message: str, *, response: httpx.Response) -> None:
        super().__init__(message, request=_request_of(response))
        _keep_redacted(self, response)
        self.response = response
        self.status_code = response.status_code
        self.request_id: str | None = response.headers.get("x-request-id") or response.headers.get("apim-request-id")


class ResponseFieldError(APIResponseValidationError, FieldValueError):
    """A field of a model read from an answer holds a value that cannot be converted.

    Models convert nested fields when first read, so this is raised at that read, after
    the answer itself was accepted; ``model`` and ``field`` name the place. It is both an
    ``APIResponseValidationError`` (so also an ``APIError`` and an ``FtkitError``) and the
    generated package's ``ftkit_api.types.FieldValueError``. ``response`` is None: the
    answer is no longer at hand when the field is read.

    >>> import ftkit
    >>> job = ftkit.FineTuningJob.from_dict({"id": "ftjob-1", "object": "fine_tuning.job", "method": 7})
    >>> try:
    ...     job.method
    ... except ftkit.APIResponseValidationError as exc:
    ...     print(exc.model, exc.field)
    FineTuningJob method
    """

    def __init__(self, model: str, field: str, cause: BaseException) -> None:
        FieldValueError.__init__(self, model, field, cause)
        self.message = str(self)
        self.request = None
        self.response = None  # type: ignore[assignment]  # no answer at hand; see the docstring
        self.status_code = None  # type: ignore[assignment]
        self.request_id = None


# Malformed fields of the generated models raise ResponseFieldError from now on.
set_field_value_error_class(ResponseFieldError)


class APIStatusError(APIError):
    """The server answered with a 4xx or 5xx status.

    Carries the status, the API's error body (``message``, ``type``, ``param``,
    ``code``) and the ``x-request-id`` of the answer. Azure OpenAI's error
    (``{"error": {"code", "message", "target", "details", "innererror"}}``) gives ``code``
    and ``message`` alike, ``target`` as ``param``, no ``type``; ``body`` keeps the rest.
    A body that is not JSON is kept as text in ``body`` and used as the message.
    """

    status_code: int

    def __init__(self, message: str, *, response: httpx.Response, body: Any) -> None:
        super().__init__(message, request=_request_of(response))
        _keep_redacted(self, response)
        self.response = response
        self.status_code = response.status_code
        self.body = body
        self.request_id: str | None = response.headers.get("x-request-id") or response.headers.get("apim-request-id")
        error = body.get("error") if isinstance(body, dict) else None
        error = error if isinstance(error, dict) else {}
        self.type: str | None = _str_or_none(error.get("type"))
        # Azure OpenAI's error names the offending field ``target`` where OpenAI says ``param``.
        self.param: str | None = _str_or_none(error.get("param", error.get("target")))
        self.code: str | None = _str_or_none(error.get("code"))

    def __str__(self) -> str:
        suffix = f" (request id {self.request_id})" if self.request_id else ""
        return f"Error code: {self.status_code} - {self.message}{suffix}"


class BadRequestError(APIStatusError):
    """400: the request was malformed or not allowed in the object's current state."""


class AuthenticationError(APIStatusError):
    """401: the API key is missing, wrong or revoked."""


class PermissionDeniedError(APIStatusError):
    """403: the key may not do this."""


class JobCreationDeniedError(PermissionDeniedError):
    """403 on creating a fine-tuning job: the organisation may not create jobs on this server
    any more (OpenAI closes self-serve job creation on 2027-01-06), or, on Azure OpenAI, this
    key or resource may not. The message says what to do, worded for the server that answered.
    """

    #: What the message adds to the server's own words, on OpenAI.
    ADVICE = (
        "this organisation may not create fine-tuning jobs on this server any more;"
        " export with `ftkit export DIR` (client.export) and train on Azure OpenAI (`ftkit jobs replay`)"
    )
    #: The same on Azure OpenAI: no server to move to, but the resource's role, region and model to check.
    AZURE_ADVICE = (
        "this Azure OpenAI resource refused to create the fine-tuning job; check that the key or token has a"
        " role that may fine-tune on this resource, and that the base model can be fine-tuned in its region"
        " (`ftkit models list`); `ftkit export DIR` keeps what the resource holds"
    )

    @classmethod
    def from_error(cls, error: APIStatusError, *, azure: bool = False) -> JobCreationDeniedError:
        """The same answer, explained for the server (``azure``: Azure OpenAI), the server's
        message kept in brackets.

        >>> import httpx
        >>> denied = status_error(httpx.Response(403, json={"error": {"message": "Not allowed"}}))
        >>> JobCreationDeniedError.from_error(denied).message.startswith("this organisation may not")
        True
        """
        advice = cls.AZURE_ADVICE if azure else cls.ADVICE
        return cls(f"{advice} (the server said: {error.message})", response=error.response, body=error.body)


class TrainingTypeRequiredError(BadRequestError):
    """Azure OpenAI refused a job created without a training type, with its misleading "The
    specified base model does not support fine-tuning": the message says what is missing and
    names the option. ftkit never chooses a type for you (two of the three may move the
    training data out of the resource's region).
    """

    #: The server's words, as reported (BerriAI/litellm pull 24687).
    AZURE_WORDS = "does not support fine-tuning"
    ADVICE = (
        "Azure OpenAI needs a training type for this job: pass training_type= (--training-type): standard"
        " (trains in the resource's region), globalstandard (cheaper, may train in another region) or developer"
        " (cheapest, preemptible, no data residency)"
    )

    @classmethod
    def from_error(cls, error: APIStatusError) -> TrainingTypeRequiredError:
        """The same answer, explained, the server's words kept in brackets.

        >>> import httpx
        >>> said = status_error(httpx.Response(400, json={"error": {"code": "invalidPayload",
        ...     "message": "The specified base model does not support fine-tuning."}}))
        >>> "training_type=" in TrainingTypeRequiredError.from_error(said).message
        True
        """
        return cls(f"{cls.ADVICE} (the server said: {error.message})", response=error.response, body=error.body)


class NotFoundError(APIStatusError):
    """404: no such object."""


class ConflictError(APIStatusError):
    """409: the request conflicts with the object's state."""


class UnprocessableEntityError(APIStatusError):
    """422: the request was well formed but its content could not be processed."""


class RateLimitError(APIStatusError):
    """429: too many requests or tokens; retried automatically up to ``max_retries``."""


class InternalServerError(APIStatusError):
    """A 5xx answer."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def _request_of(response: httpx.Response) -> httpx.Request | None:
    """The request of ``response``, which from now on carries the redacted copy (as do the
    responses of its redirects), so the answer an exception keeps holds no credential either."""
    try:
        request = response.request
    except RuntimeError:
        # A response built by hand (tests, custom transports) may have no request attached.
        return None
    for earlier in response.history:
        earlier.request = redacted_request(earlier.request)
    return request


def _keep_redacted(error: APIError, response: httpx.Response) -> None:
    if error.request is not None:
        response.request = error.request


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def status_error(response: httpx.Response) -> APIStatusError:
    """The exception for an error answer, whatever its body (JSON of the API's shape, other
    JSON, text, or nothing). The body must have been read.

    >>> import httpx
    >>> err = status_error(httpx.Response(404, json={"error": {"message": "No job", "code": None}}))
    >>> type(err).__name__, err.message
    ('NotFoundError', 'No job')
    """
    status = response.status_code
    cls = _BY_STATUS.get(status) or (InternalServerError if status >= 500 else APIStatusError)
    text = response.content.decode("utf-8", errors="replace")
    body: Any
    unreadable: str | None = None
    try:
        body = read_json(text) if text.strip() else None
    except ValueError as exc:
        body = text
        if text.lstrip()[:1] in ("{", "["):
            # JSON that cannot be read (cut short, nested too deeply): say so, not its first bytes.
            unreadable = f"an error body ftkit cannot read ({exc}); the raw answer is on .response"
    message: str | None = unreadable
    if isinstance(body, dict) and message is None:
        error = body.get("error")
        if isinstance(error, dict) and error.get("message"):
            message = str(error["message"])
        elif isinstance(error, str):
            message = error
        elif body.get("message"):
            message = str(body["message"])
    if message is None:
        shown = text.strip()
        message = shown[:500] if shown else (response.reason_phrase or f"HTTP {status}")
    return cls(message, response=response, body=body)


class JobFailedError(FtkitError):
    """A fine-tuning job ended with status ``failed``.

    ``job`` is the final job; ``code``, ``message`` and ``param`` come from its
    ``error`` (``param`` is usually ``training_file`` or ``validation_file``).
    """

    def __init__(self, job: FineTuningJob) -> None:
        self.job = job
        error = getattr(job, "error", None)
        self.code: str | None = getattr(error, "code", None) if error else None
        self.message: str = (getattr(error, "message", None) if error else None) or "the job failed"
        param = getattr(error, "param", None) if error else None
        self.param: str | None = param if isinstance(param, str) else None
        where = f" ({self.param})" if self.param else ""
        code = f" [{self.code}]" if self.code else ""
        super().__init__(f"fine-tuning job {job.id} failed{code}{where}: {self.message}")


class TrainingDataError(FtkitError, ValueError):
    """Local training data that ``ftkit.data.validate`` found invalid; nothing was uploaded.

    ``path`` is the file that failed and ``report`` the full :class:`ftkit.data.Report`
    (``report.to_text()`` lists every problem by line).
    """

    def __init__(self, path: str, report: Report) -> None:
        self.path = path
        self.report = report
        counts = ", ".join(f"{count} {kind}" for kind, count in sorted(report.error_counts.items()))
        super().__init__(
            f"{path} is not valid {report.method} training data ({counts or 'errors'}); nothing was uploaded or created"
        )


class CredentialError(FtkitError):
    """An Entra ID credential or token provider (``credential=`` or ``azure_ad_token_provider=``
    of the Azure clients, ``--azure-ad``) could not give a token, so no request was sent.
    ``credential`` names it (the credential's class, or the provider's name), ``scope`` the
    scope asked for (None when a provider chose it); its own exception is the ``__cause__``
    (azure-identity's message lists what it tried: environment, managed identity, Azure CLI, ...).

    >>> str(CredentialError("DefaultAzureCredential", "https://ai.azure.com/.default", "no login"))
    'DefaultAzureCredential gave no token for https://ai.azure.com/.default, so no request was sent: no login'
    """

    def __init__(self, credential: str, scope: str | None, reason: str) -> None:
        self.credential = credential
        self.scope = scope
        self.reason = reason
        asked = f" for {scope}" if scope else ""
        super().__init__(f"{credential} gave no token{asked}, so no request was sent: {reason}")


class MissingDependencyError(FtkitError, ImportError):
    """An optional dependency a function needs is not installed; the message says which extra."""


class MetricsFormatError(FtkitError, ValueError):
    """A job's result file that cannot be read as the metrics CSV (the message says where)."""


class WaitTimeoutError(FtkitError, TimeoutError):
    """Waiting for a job took longer than the given timeout; the job itself is left alone."""

    def __init__(self, job_id: str, timeout: float, last_status: str | None) -> None:
        self.job_id = job_id
        self.timeout = timeout
        self.last_status = last_status
        super().__init__(
            f"job {job_id} was still {last_status or 'not finished'} after {timeout:g} s; it keeps running"
            " (cancel it with client.jobs.cancel if you no longer want it)"
        )
