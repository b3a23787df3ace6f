from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING, Any

import httpx

from ... import errors
from ...types import UNSET, Response, read_json

if TYPE_CHECKING:
    from ...client import AuthenticatedClient, Client


from ...models.list_paginated_fine_tuning_jobs_metadata_type_0 import (
    ListPaginatedFineTuningJobsMetadataType0,
)
from ...models.list_paginated_fine_tuning_jobs_response import (
    ListPaginatedFineTuningJobsResponse,
)
from ...types import UNSET, Unset


def _get_kwargs(
    *,
    after: str | Unset = UNSET,
    limit: int | Unset = 20,
    metadata: ListPaginatedFineTuningJobsMetadataType0 | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["after"] = after

    params["limit"] = limit

    json_metadata: dict[str, Any] | None | Unset
    if isinstance(metadata, Unset):
        json_metadata = UNSET
    elif isinstance(metadata, ListPaginatedFineTuningJobsMetadataType0):
        json_metadata = metadata.to_dict()
    else:
        json_metadata = metadata
    params["metadata"] = json_metadata

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    # ftkit: a map parameter (style deepObject, such as metadata) travels as
    # name[key]=value; the stock generator hands httpx a dict, which it cannot encode.
    for _name in [name for name, value in params.items() if isinstance(value, dict)]:
        for _key, _value in params.pop(_name).items():
            params[f"{_name}[{_key}]"] = _value

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/fine_tuning/jobs",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ListPaginatedFineTuningJobsResponse | None:
    if response.status_code == 200:
        response_200 = ListPaginatedFineTuningJobsResponse.from_dict(read_json(response.content))

        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ListPaginatedFineTuningJobsResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    after: str | Unset = UNSET,
    limit: int | Unset = 20,
    metadata: ListPaginatedFineTuningJobsMetadataType0 | None | Unset = UNSET,
) -> Response[ListPaginatedFineTuningJobsResponse]:
    """List your organization's fine-tuning jobs

    Args:
        after (str | Unset):
        limit (int | Unset):  Default: 20.
        metadata (ListPaginatedFineTuningJobsMetadataType0 | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ListPaginatedFineTuningJobsResponse]
    """

    kwargs = _get_kwargs(
        after=after,
        limit=limit,
        metadata=metadata,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    after: str | Unset = UNSET,
    limit: int | Unset = 20,
    metadata: ListPaginatedFineTuningJobsMetadataType0 | None | Unset = UNSET,
) -> ListPaginatedFineTuningJobsResponse | None:
    """List your organization's fine-tuning jobs

    Args:
        after (str | Unset):
        limit (int | Unset):  Default: 20.
        metadata (ListPaginatedFineTuningJobsMetadataType0 | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ListPaginatedFineTuningJobsResponse
    """

    return sync_detailed(
        client=client,
        after=after,
        limit=limit,
        metadata=metadata,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    after: str | Unset = UNSET,
    limit: int | Unset = 20,
    metadata: ListPaginatedFineTuningJobsMetadataType0 | None | Unset = UNSET,
) -> Response[ListPaginatedFineTuningJobsResponse]:
    """List your organization's fine-tuning jobs

    Args:
        after (str | Unset):
        limit (int | Unset):  Default: 20.
        metadata (ListPaginatedFineTuningJobsMetadataType0 | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ListPaginatedFineTuningJobsResponse]
    """

    kwargs = _get_kwargs(
        after=after,
        limit=limit,
        metadata=metadata,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    after: str | Unset = UNSET,
    limit: int | Unset = 20,
    metadata: ListPaginatedFineTuningJobsMetadataType0 | None | Unset = UNSET,
) -> ListPaginatedFineTuningJobsResponse | None:
    """List your organization's fine-tuning jobs

    Args:
        after (str | Unset):
        limit (int | Unset):  Default: 20.
        metadata (ListPaginatedFineTuningJobsMetadataType0 | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ListPaginatedFineTuningJobsResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            after=after,
            limit=limit,
            metadata=metadata,
        )
    ).parsed
