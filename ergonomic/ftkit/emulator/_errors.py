"""Errors in the API's shape: ``{"error": {"message", "type", "param", "code"}}``.

Every answer the emulator gives as an error, whichever edge it leaves by (in-process transport,
HTTP server, or the server's own refusals of malformed HTTP), is built here, so clients in any
language see one JSON shape and never an HTML page.
"""

from __future__ import annotations

from typing import Any


class EmulatorError(Exception):
    """An answer the emulator gives as an API error; raised inside handlers, turned into a response at the edge.

    Not the client's exception (that is ``ftkit.APIError``): this one is what the emulated
    *server* answers.

    >>> err = EmulatorError(404, "No such File object: file-x", param="id")
    >>> err.body()["error"]["type"]
    'invalid_request_error'
    """

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str = "invalid_request_error",
        param: str | None = None,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type
        self.param = param
        self.code = code
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        """The JSON body the API sends for this error.

        >>> EmulatorError(400, "bad", param="limit").body()["error"]["param"]
        'limit'
        """
        return {"error": {"message": self.message, "type": self.type, "param": self.param, "code": self.code}}


def bad_request(message: str, param: str | None = None, code: str | None = None) -> EmulatorError:
    """A 400 ``invalid_request_error``.

    >>> bad_request("limit must be an integer", "limit").status
    400
    """
    return EmulatorError(400, message, param=param, code=code)


def not_found(message: str, param: str | None = None) -> EmulatorError:
    """A 404 ``invalid_request_error``.

    >>> not_found("No such File object: file-x", "id").status
    404
    """
    return EmulatorError(404, message, param=param)


def too_large(size: int | None, limit: int, what: str = "The request body") -> EmulatorError:
    """A 413: a body over ``limit`` bytes (``size`` when the client declared it).

    The API's own wording for this case is not documented; the status is HTTP's.

    >>> too_large(10**13, 1024).status
    413
    """
    given = f" ({size} bytes)" if size is not None else ""
    return EmulatorError(
        413,
        f"{what} is too large{given}; the maximum is {limit} bytes.",
        code="request_too_large",
    )


def rate_limited(retry_after: float | None) -> EmulatorError:
    """A 429 with the API's wording; ``retry_after`` in seconds goes into both retry headers.

    >>> rate_limited(1.5).headers["retry-after-ms"]
    '1500'
    """
    headers: dict[str, str] = {}
    if retry_after is not None:
        # The SDKs read retry-after-ms first and fall back to retry-after, which may carry a fraction.
        headers["retry-after"] = f"{retry_after:g}"
        headers["retry-after-ms"] = str(round(retry_after * 1000))
    return EmulatorError(
        429,
        "Rate limit reached for requests. Limit: 60 / min. Please try again shortly.",
        type="requests",
        code="rate_limit_exceeded",
        headers=headers,
    )


def server_error(status: int = 500) -> EmulatorError:
    """A 5xx with the API's wording.

    >>> server_error().body()["error"]["type"]
    'server_error'
    """
    return EmulatorError(
        status,
        "The server had an error while processing your request. Sorry about that!",
        type="server_error",
    )
