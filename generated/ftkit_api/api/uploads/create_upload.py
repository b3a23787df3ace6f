from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING, Any

import httpx

from ... import errors
from ...types import Response, read_json

if TYPE_CHECKING:
    from ...client import AuthenticatedClient, Client


from ...models.create_upload_request import CreateUploadRequest
from ...models.upload import Upload


def _get_kwargs(
    *,
    body: CreateUploadRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/uploads",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Upload | None:
    if response.status_code == 200:
        response_200 = Upload.from_dict(read_json(response.content))

        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Upload]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateUploadRequest,
) -> Response[Upload]:
    """Creates an intermediate [Upload](/docs/api-reference/uploads/object) object
    that you can add [Parts](/docs/api-reference/uploads/part-object) to.
    Currently, an Upload can accept at most 8 GB in total and expires after an
    hour after you create it.

    Once you complete the Upload, we will create a
    [File](/docs/api-reference/files/object) object that contains all the parts
    you uploaded. This File is usable in the rest of our platform as a regular
    File object.

    For certain `purpose` values, the correct `mime_type` must be specified.
    Please refer to documentation for the
    [supported MIME types for your use case](/docs/assistants/tools/file-search#supported-files).

    For guidance on the proper filename extensions for each purpose, please
    follow the documentation on [creating a
    File](/docs/api-reference/files/create).

    Returns the Upload object with status `pending`.

    Args:
        body (CreateUploadRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Upload]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: CreateUploadRequest,
) -> Upload | None:
    """Creates an intermediate [Upload](/docs/api-reference/uploads/object) object
    that you can add [Parts](/docs/api-reference/uploads/part-object) to.
    Currently, an Upload can accept at most 8 GB in total and expires after an
    hour after you create it.

    Once you complete the Upload, we will create a
    [File](/docs/api-reference/files/object) object that contains all the parts
    you uploaded. This File is usable in the rest of our platform as a regular
    File object.

    For certain `purpose` values, the correct `mime_type` must be specified.
    Please refer to documentation for the
    [supported MIME types for your use case](/docs/assistants/tools/file-search#supported-files).

    For guidance on the proper filename extensions for each purpose, please
    follow the documentation on [creating a
    File](/docs/api-reference/files/create).

    Returns the Upload object with status `pending`.

    Args:
        body (CreateUploadRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Upload
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateUploadRequest,
) -> Response[Upload]:
    """Creates an intermediate [Upload](/docs/api-reference/uploads/object) object
    that you can add [Parts](/docs/api-reference/uploads/part-object) to.
    Currently, an Upload can accept at most 8 GB in total and expires after an
    hour after you create it.

    Once you complete the Upload, we will create a
    [File](/docs/api-reference/files/object) object that contains all the parts
    you uploaded. This File is usable in the rest of our platform as a regular
    File object.

    For certain `purpose` values, the correct `mime_type` must be specified.
    Please refer to documentation for the
    [supported MIME types for your use case](/docs/assistants/tools/file-search#supported-files).

    For guidance on the proper filename extensions for each purpose, please
    follow the documentation on [creating a
    File](/docs/api-reference/files/create).

    Returns the Upload object with status `pending`.

    Args:
        body (CreateUploadRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Upload]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: CreateUploadRequest,
) -> Upload | None:
    """Creates an intermediate [Upload](/docs/api-reference/uploads/object) object
    that you can add [Parts](/docs/api-reference/uploads/part-object) to.
    Currently, an Upload can accept at most 8 GB in total and expires after an
    hour after you create it.

    Once you complete the Upload, we will create a
    [File](/docs/api-reference/files/object) object that contains all the parts
    you uploaded. This File is usable in the rest of our platform as a regular
    File object.

    For certain `purpose` values, the correct `mime_type` must be specified.
    Please refer to documentation for the
    [supported MIME types for your use case](/docs/assistants/tools/file-search#supported-files).

    For guidance on the proper filename extensions for each purpose, please
    follow the documentation on [creating a
    File](/docs/api-reference/files/create).

    Returns the Upload object with status `pending`.

    Args:
        body (CreateUploadRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Upload
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
