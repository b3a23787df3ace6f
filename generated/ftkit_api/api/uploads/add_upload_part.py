from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import httpx

from ... import errors
from ...types import Response, read_json

if TYPE_CHECKING:
    from ...client import AuthenticatedClient, Client


from ...models.add_upload_part_request import AddUploadPartRequest
from ...models.upload_part import UploadPart


def _get_kwargs(
    upload_id: str,
    *,
    body: AddUploadPartRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/uploads/{upload_id}/parts".format(
            upload_id=quote(str(upload_id), safe=""),
        ),
    }

    _kwargs["files"] = body.to_multipart()

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> UploadPart | None:
    if response.status_code == 200:
        response_200 = UploadPart.from_dict(read_json(response.content))

        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[UploadPart]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    upload_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AddUploadPartRequest,
) -> Response[UploadPart]:
    """Adds a [Part](/docs/api-reference/uploads/part-object) to an [Upload](/docs/api-
    reference/uploads/object) object. A Part represents a chunk of bytes from the file you are trying to
    upload.

    Each Part can be at most 64 MB, and you can add Parts until you hit the Upload maximum of 8 GB.

    It is possible to add multiple Parts in parallel. You can decide the intended order of the Parts
    when you [complete the Upload](/docs/api-reference/uploads/complete).

    Args:
        upload_id (str):  Example: upload_abc123.
        body (AddUploadPartRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[UploadPart]
    """

    kwargs = _get_kwargs(
        upload_id=upload_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    upload_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AddUploadPartRequest,
) -> UploadPart | None:
    """Adds a [Part](/docs/api-reference/uploads/part-object) to an [Upload](/docs/api-
    reference/uploads/object) object. A Part represents a chunk of bytes from the file you are trying to
    upload.

    Each Part can be at most 64 MB, and you can add Parts until you hit the Upload maximum of 8 GB.

    It is possible to add multiple Parts in parallel. You can decide the intended order of the Parts
    when you [complete the Upload](/docs/api-reference/uploads/complete).

    Args:
        upload_id (str):  Example: upload_abc123.
        body (AddUploadPartRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        UploadPart
    """

    return sync_detailed(
        upload_id=upload_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    upload_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AddUploadPartRequest,
) -> Response[UploadPart]:
    """Adds a [Part](/docs/api-reference/uploads/part-object) to an [Upload](/docs/api-
    reference/uploads/object) object. A Part represents a chunk of bytes from the file you are trying to
    upload.

    Each Part can be at most 64 MB, and you can add Parts until you hit the Upload maximum of 8 GB.

    It is possible to add multiple Parts in parallel. You can decide the intended order of the Parts
    when you [complete the Upload](/docs/api-reference/uploads/complete).

    Args:
        upload_id (str):  Example: upload_abc123.
        body (AddUploadPartRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[UploadPart]
    """

    kwargs = _get_kwargs(
        upload_id=upload_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    upload_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AddUploadPartRequest,
) -> UploadPart | None:
    """Adds a [Part](/docs/api-reference/uploads/part-object) to an [Upload](/docs/api-
    reference/uploads/object) object. A Part represents a chunk of bytes from the file you are trying to
    upload.

    Each Part can be at most 64 MB, and you can add Parts until you hit the Upload maximum of 8 GB.

    It is possible to add multiple Parts in parallel. You can decide the intended order of the Parts
    when you [complete the Upload](/docs/api-reference/uploads/complete).

    Args:
        upload_id (str):  Example: upload_abc123.
        body (AddUploadPartRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        UploadPart
    """

    return (
        await asyncio_detailed(
            upload_id=upload_id,
            client=client,
            body=body,
        )
    ).parsed
