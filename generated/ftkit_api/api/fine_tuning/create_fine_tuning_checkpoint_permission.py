from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import httpx

from ... import errors
from ...types import Response, read_json

if TYPE_CHECKING:
    from ...client import AuthenticatedClient, Client


from ...models.create_fine_tuning_checkpoint_permission_request import (
    CreateFineTuningCheckpointPermissionRequest,
)
from ...models.list_fine_tuning_checkpoint_permission_response import (
    ListFineTuningCheckpointPermissionResponse,
)


def _get_kwargs(
    fine_tuned_model_checkpoint: str,
    *,
    body: CreateFineTuningCheckpointPermissionRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions".format(
            fine_tuned_model_checkpoint=quote(str(fine_tuned_model_checkpoint), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ListFineTuningCheckpointPermissionResponse | None:
    if response.status_code == 200:
        response_200 = ListFineTuningCheckpointPermissionResponse.from_dict(read_json(response.content))

        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ListFineTuningCheckpointPermissionResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    fine_tuned_model_checkpoint: str,
    *,
    client: AuthenticatedClient | Client,
    body: CreateFineTuningCheckpointPermissionRequest,
) -> Response[ListFineTuningCheckpointPermissionResponse]:
    """**NOTE:** Calling this endpoint requires an [admin API key](../admin-api-keys).

    This enables organization owners to share fine-tuned models with other projects in their
    organization.

    Args:
        fine_tuned_model_checkpoint (str):  Example:
            ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd.
        body (CreateFineTuningCheckpointPermissionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ListFineTuningCheckpointPermissionResponse]
    """

    kwargs = _get_kwargs(
        fine_tuned_model_checkpoint=fine_tuned_model_checkpoint,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    fine_tuned_model_checkpoint: str,
    *,
    client: AuthenticatedClient | Client,
    body: CreateFineTuningCheckpointPermissionRequest,
) -> ListFineTuningCheckpointPermissionResponse | None:
    """**NOTE:** Calling this endpoint requires an [admin API key](../admin-api-keys).

    This enables organization owners to share fine-tuned models with other projects in their
    organization.

    Args:
        fine_tuned_model_checkpoint (str):  Example:
            ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd.
        body (CreateFineTuningCheckpointPermissionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ListFineTuningCheckpointPermissionResponse
    """

    return sync_detailed(
        fine_tuned_model_checkpoint=fine_tuned_model_checkpoint,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    fine_tuned_model_checkpoint: str,
    *,
    client: AuthenticatedClient | Client,
    body: CreateFineTuningCheckpointPermissionRequest,
) -> Response[ListFineTuningCheckpointPermissionResponse]:
    """**NOTE:** Calling this endpoint requires an [admin API key](../admin-api-keys).

    This enables organization owners to share fine-tuned models with other projects in their
    organization.

    Args:
        fine_tuned_model_checkpoint (str):  Example:
            ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd.
        body (CreateFineTuningCheckpointPermissionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ListFineTuningCheckpointPermissionResponse]
    """

    kwargs = _get_kwargs(
        fine_tuned_model_checkpoint=fine_tuned_model_checkpoint,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    fine_tuned_model_checkpoint: str,
    *,
    client: AuthenticatedClient | Client,
    body: CreateFineTuningCheckpointPermissionRequest,
) -> ListFineTuningCheckpointPermissionResponse | None:
    """**NOTE:** Calling this endpoint requires an [admin API key](../admin-api-keys).

    This enables organization owners to share fine-tuned models with other projects in their
    organization.

    Args:
        fine_tuned_model_checkpoint (str):  Example:
            ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd.
        body (CreateFineTuningCheckpointPermissionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ListFineTuningCheckpointPermissionResponse
    """

    return (
        await asyncio_detailed(
            fine_tuned_model_checkpoint=fine_tuned_model_checkpoint,
            client=client,
            body=body,
        )
    ).parsed
