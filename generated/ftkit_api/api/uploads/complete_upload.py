from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import httpx

from ... import errors
from ...types import Response, read_json

if TYPE_CHECKING:
    from ...client import AuthenticatedClient, Client


from ...models.complete_upload_request import CompleteUploadRequest
from ...models.upload import Upload


def _get_kwargs(
    upload_id: str,
    *,
    body: CompleteUploadRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/uploads/{upload_id}/complete".format(
            upload_id=quote(str(upload_id), safe=""),
        ),
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
    upload_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: CompleteUploadRequest,
) -> Response[Upload]:
    """Completes the [Upload](/docs/api-reference/uploads/object).

    Within the returned Upload object, there is a nested [File](/docs/api-reference/files/object) object
    that is ready to use in the rest of the platform.

    You can specify the order of the Parts by passing in an ordered list of the Part IDs.

    The number of bytes uploaded upon completion must match the number of bytes initially specified when
    creating the Upload object. No Parts may be added after an Upload is completed.
    Returns the Upload object with status `completed`, including an additional `file` property
    containing the created usable File object.

    Args:
        upload_id (str):  Example: upload_abc123.
        body (CompleteUploadRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Upload]
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
    body: CompleteUploadRequest,
) -> Upload | None:
    """Completes the [Upload](/docs/api-reference/uploads/object).

    Within the returned Upload object, there is a nested [File](/docs/api-reference/files/object) object
    that is ready to use in the rest of the platform.

    You can specify the order of the Parts by passing in an ordered list of the Part IDs.

    The number of bytes uploaded upon completion must match the number of bytes initially specified when
    creating the Upload object. No Parts may be added after an Upload is completed.
    Returns the Upload object with status `completed`, including an additional `file` property
    containing the created usable File object.

    Args:
        upload_id (str):  Example: upload_abc123.
        body (CompleteUploadRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Upload
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
    body: CompleteUploadRequest,
) -> Response[Upload]:
    """Completes the [Upload](/docs/api-reference/uploads/object).

    Within the returned Upload object, there is a nested [File](/docs/api-reference/files/object) object
    that is ready to use in the rest of the platform.

    You can specify the order of the Parts by passing in an ordered list of the Part IDs.

    The number of bytes uploaded upon completion must match the number of bytes initially specified when
    creating the Upload object. No Parts may be added after an Upload is completed.
    Returns the Upload object with status `completed`, including an additional `file` property
    containing the created usable File object.

    Args:
        upload_id (str):  Example: upload_abc123.
        body (CompleteUploadRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Upload]
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
    body: CompleteUploadRequest,
) -> Upload | None:
    """Completes the [Upload](/docs/api-reference/uploads/object).

    Within the returned Upload object, there is a nested [File](/docs/api-reference/files/object) object
    that is ready to use in the rest of the platform.

    You can specify the order of the Parts by passing in an ordered list of the Part IDs.

    The number of bytes uploaded upon completion must match the number of bytes initially specified when
    creating the Upload object. No Parts may be added after an Upload is completed.
    Returns the Upload object with status `completed`, including an additional `file` property
    containing the created usable File object.

    Args:
        upload_id (str):  Example: upload_abc123.
        body (CompleteUploadRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Upload
    """

    return (
        await asyncio_detailed(
            upload_id=upload_id,
            client=client,
            body=body,
        )
    ).parsed
