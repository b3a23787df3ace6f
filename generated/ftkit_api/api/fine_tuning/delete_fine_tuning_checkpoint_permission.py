from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import httpx

from ... import errors
from ...types import Response, read_json

if TYPE_CHECKING:
    from ...client import AuthenticatedClient, Client


from ...models.delete_fine_tuning_checkpoint_permission_response import (
    DeleteFineTuningCheckpointPermissionResponse,
)


def _get_kwargs(
    fine_tuned_model_checkpoint: str,
    permission_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions/{permission_id}".format(
            fine_tuned_model_checkpoint=quote(str(fine_tuned_model_checkpoint), safe=""),
            permission_id=quote(str(permission_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DeleteFineTuningCheckpointPermissionResponse | None:
    if response.status_code == 200:
        response_200 = DeleteFineTuningCheckpointPermissionResponse.from_dict(read_json(response.content))

        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[DeleteFineTuningCheckpointPermissionResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    fine_tuned_model_checkpoint: str,
    permission_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[DeleteFineTuningCheckpointPermissionResponse]:
    """**NOTE:** This endpoint requires an [admin API key](../admin-api-keys).

    Organization owners can use this endpoint to delete a permission for a fine-tuned model checkpoint.

    Args:
        fine_tuned_model_checkpoint (str):  Example:
            ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd.
        permission_id (str):  Example: cp_zc4Q7MP6XxulcVzj4MZdwsAB.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeleteFineTuningCheckpointPermissionResponse]
    """

    kwargs = _get_kwargs(
        fine_tuned_model_checkpoint=fine_tuned_model_checkpoint,
        permission_id=permission_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    fine_tuned_model_checkpoint: str,
    permission_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> DeleteFineTuningCheckpointPermissionResponse | None:
    """**NOTE:** This endpoint requires an [admin API key](../admin-api-keys).

    Organization owners can use this endpoint to delete a permission for a fine-tuned model checkpoint.

    Args:
        fine_tuned_model_checkpoint (str):  Example:
            ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd.
        permission_id (str):  Example: cp_zc4Q7MP6XxulcVzj4MZdwsAB.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeleteFineTuningCheckpointPermissionResponse
    """

    return sync_detailed(
        fine_tuned_model_checkpoint=fine_tuned_model_checkpoint,
        permission_id=permission_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    fine_tuned_model_checkpoint: str,
    permission_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[DeleteFineTuningCheckpointPermissionResponse]:
    """**NOTE:** This endpoint requires an [admin API key](../admin-api-keys).

    Organization owners can use this endpoint to delete a permission for a fine-tuned model checkpoint.

    Args:
        fine_tuned_model_checkpoint (str):  Example:
            ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd.
        permission_id (str):  Example: cp_zc4Q7MP6XxulcVzj4MZdwsAB.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeleteFineTuningCheckpointPermissionResponse]
    """

    kwargs = _get_kwargs(
        fine_tuned_model_checkpoint=fine_tuned_model_checkpoint,
        permission_id=permission_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    fine_tuned_model_checkpoint: str,
    permission_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> DeleteFineTuningCheckpointPermissionResponse | None:
    """**NOTE:** This endpoint requires an [admin API key](../admin-api-keys).

    Organization owners can use this endpoint to delete a permission for a fine-tuned model checkpoint.

    Args:
        fine_tuned_model_checkpoint (str):  Example:
            ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd.
        permission_id (str):  Example: cp_zc4Q7MP6XxulcVzj4MZdwsAB.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeleteFineTuningCheckpointPermissionResponse
    """

    return (
        await asyncio_detailed(
            fine_tuned_model_checkpoint=fine_tuned_model_checkpoint,
            permission_id=permission_id,
            client=client,
        )
    ).parsed
