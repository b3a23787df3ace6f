from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import httpx

from ... import errors
from ...types import UNSET, Response, read_json

if TYPE_CHECKING:
    from ...client import AuthenticatedClient, Client


from ...models.list_fine_tuning_checkpoint_permission_response import (
    ListFineTuningCheckpointPermissionResponse,
)
from ...models.list_fine_tuning_checkpoint_permissions_order import (
    ListFineTuningCheckpointPermissionsOrder,
)
from ...types import UNSET, Unset


def _get_kwargs(
    fine_tuned_model_checkpoint: str,
    *,
    project_id: str | Unset = UNSET,
    after: str | Unset = UNSET,
    limit: int | Unset = 10,
    order: ListFineTuningCheckpointPermissionsOrder | Unset = ListFineTuningCheckpointPermissionsOrder.DESCENDING,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["project_id"] = project_id

    params["after"] = after

    params["limit"] = limit

    json_order: str | Unset = UNSET
    if not isinstance(order, Unset):
        json_order = order.value

    params["order"] = json_order

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    # ftkit: a map parameter (style deepObject, such as metadata) travels as
    # name[key]=value; the stock generator hands httpx a dict, which it cannot encode.
    for _name in [name for name, value in params.items() if isinstance(value, dict)]:
        for _key, _value in params.pop(_name).items():
            params[f"{_name}[{_key}]"] = _value

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions".format(
            fine_tuned_model_checkpoint=quote(str(fine_tuned_model_checkpoint), safe=""),
        ),
        "params": params,
    }

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
    project_id: str | Unset = UNSET,
    after: str | Unset = UNSET,
    limit: int | Unset = 10,
    order: ListFineTuningCheckpointPermissionsOrder | Unset = ListFineTuningCheckpointPermissionsOrder.DESCENDING,
) -> Response[ListFineTuningCheckpointPermissionResponse]:
    """**NOTE:** This endpoint requires an [admin API key](../admin-api-keys).

    Organization owners can use this endpoint to view all permissions for a fine-tuned model checkpoint.

    Args:
        fine_tuned_model_checkpoint (str):  Example: ft-AF1WoRqd3aJAHsqc9NY7iL8F.
        project_id (str | Unset):
        after (str | Unset):
        limit (int | Unset):  Default: 10.
        order (ListFineTuningCheckpointPermissionsOrder | Unset):  Default:
            ListFineTuningCheckpointPermissionsOrder.DESCENDING.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ListFineTuningCheckpointPermissionResponse]
    """

    kwargs = _get_kwargs(
        fine_tuned_model_checkpoint=fine_tuned_model_checkpoint,
        project_id=project_id,
        after=after,
        limit=limit,
        order=order,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    fine_tuned_model_checkpoint: str,
    *,
    client: AuthenticatedClient | Client,
    project_id: str | Unset = UNSET,
    after: str | Unset = UNSET,
    limit: int | Unset = 10,
    order: ListFineTuningCheckpointPermissionsOrder | Unset = ListFineTuningCheckpointPermissionsOrder.DESCENDING,
) -> ListFineTuningCheckpointPermissionResponse | None:
    """**NOTE:** This endpoint requires an [admin API key](../admin-api-keys).

    Organization owners can use this endpoint to view all permissions for a fine-tuned model checkpoint.

    Args:
        fine_tuned_model_checkpoint (str):  Example: ft-AF1WoRqd3aJAHsqc9NY7iL8F.
        project_id (str | Unset):
        after (str | Unset):
        limit (int | Unset):  Default: 10.
        order (ListFineTuningCheckpointPermissionsOrder | Unset):  Default:
            ListFineTuningCheckpointPermissionsOrder.DESCENDING.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ListFineTuningCheckpointPermissionResponse
    """

    return sync_detailed(
        fine_tuned_model_checkpoint=fine_tuned_model_checkpoint,
        client=client,
        project_id=project_id,
        after=after,
        limit=limit,
        order=order,
    ).parsed


async def asyncio_detailed(
    fine_tuned_model_checkpoint: str,
    *,
    client: AuthenticatedClient | Client,
    project_id: str | Unset = UNSET,
    after: str | Unset = UNSET,
    limit: int | Unset = 10,
    order: ListFineTuningCheckpointPermissionsOrder | Unset = ListFineTuningCheckpointPermissionsOrder.DESCENDING,
) -> Response[ListFineTuningCheckpointPermissionResponse]:
    """**NOTE:** This endpoint requires an [admin API key](../admin-api-keys).

    Organization owners can use this endpoint to view all permissions for a fine-tuned model checkpoint.

    Args:
        fine_tuned_model_checkpoint (str):  Example: ft-AF1WoRqd3aJAHsqc9NY7iL8F.
        project_id (str | Unset):
        after (str | Unset):
        limit (int | Unset):  Default: 10.
        order (ListFineTuningCheckpointPermissionsOrder | Unset):  Default:
            ListFineTuningCheckpointPermissionsOrder.DESCENDING.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ListFineTuningCheckpointPermissionResponse]
    """

    kwargs = _get_kwargs(
        fine_tuned_model_checkpoint=fine_tuned_model_checkpoint,
        project_id=project_id,
        after=after,
        limit=limit,
        order=order,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    fine_tuned_model_checkpoint: str,
    *,
    client: AuthenticatedClient | Client,
    project_id: str | Unset = UNSET,
    after: str | Unset = UNSET,
    limit: int | Unset = 10,
    order: ListFineTuningCheckpointPermissionsOrder | Unset = ListFineTuningCheckpointPermissionsOrder.DESCENDING,
) -> ListFineTuningCheckpointPermissionResponse | None:
    """**NOTE:** This endpoint requires an [admin API key](../admin-api-keys).

    Organization owners can use this endpoint to view all permissions for a fine-tuned model checkpoint.

    Args:
        fine_tuned_model_checkpoint (str):  Example: ft-AF1WoRqd3aJAHsqc9NY7iL8F.
        project_id (str | Unset):
        after (str | Unset):
        limit (int | Unset):  Default: 10.
        order (ListFineTuningCheckpointPermissionsOrder | Unset):  Default:
            ListFineTuningCheckpointPermissionsOrder.DESCENDING.

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
            project_id=project_id,
            after=after,
            limit=limit,
            order=order,
        )
    ).parsed
