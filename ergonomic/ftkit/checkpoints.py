"""Checkpoint permissions: share a fine-tuned model checkpoint with other projects (OpenAI);
checkpoint copy: copy one to another Azure OpenAI resource (Azure's v1 API, preview).

On OpenAI's API these endpoints need an *admin* key (``sk-admin-...``, from the
organization's admin keys), not a project key: give it as the client's ``admin_api_key``
(or the ``OPENAI_ADMIN_KEY`` environment variable). It is sent with these requests only;
without one they carry the client's own key.

Example::

    client.checkpoints.permissions.create("ft:gpt-4o-mini-2024-07-18:org::abc:ckpt-step-100",
                                          project_ids=["proj_abc"])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs
from ftkit_api.types import UNSET, read_json

from ._calls import call, endpoint
from ._checks import check_id, check_limit
from ._flow import Call, Flow
from ._resource import AsyncResource, Listing, Plan, Resource, SyncResource, page, pages, result, run, send
from .deployments import poll_until
from .errors import APIResponseValidationError, FtkitError, ValidationError

if TYPE_CHECKING:
    import httpx
    from typing_extensions import Unpack

    from ._executor import ExtraOptions, RequestOptions


__all__ = [
    "AsyncCheckpoints",
    "AsyncCopies",
    "AsyncPermissions",
    "CheckpointCopy",
    "CheckpointCopyError",
    "Checkpoints",
    "Copies",
    "Permissions",
]

if TYPE_CHECKING:
    from ftkit_api.models.delete_fine_tuning_checkpoint_permission_response import (
        DeleteFineTuningCheckpointPermissionResponse,
    )
    from ftkit_api.models.fine_tuning_checkpoint_permission import FineTuningCheckpointPermission

# Imported on first use, not with the client (start-up time): see _calls.endpoint.
create_fine_tuning_checkpoint_permission = endpoint("fine_tuning.create_fine_tuning_checkpoint_permission")
delete_fine_tuning_checkpoint_permission = endpoint("fine_tuning.delete_fine_tuning_checkpoint_permission")
list_fine_tuning_checkpoint_permissions = endpoint("fine_tuning.list_fine_tuning_checkpoint_permissions")

_P = TypeVar("_P")

#: The orders the API takes (the spec's enum; a test keeps them equal).
_ORDERS = ["ascending", "descending"]


def _create_call(checkpoint: str, project_ids: Sequence[str]) -> Call:
    check_id("checkpoint", checkpoint)
    if isinstance(project_ids, str) or not project_ids or not all(isinstance(p, str) and p for p in project_ids):
        raise ValidationError("project_ids", project_ids, "a non-empty list of project id strings")
    from ftkit_api.models.create_fine_tuning_checkpoint_permission_request import (
        CreateFineTuningCheckpointPermissionRequest,
    )

    body = CreateFineTuningCheckpointPermissionRequest(project_ids=list(project_ids))
    return call(create_fine_tuning_checkpoint_permission, checkpoint, body=body)


def _list_call(checkpoint: str, project_id: str | None, limit: int | None, order: str | None) -> Any:
    check_id("checkpoint", checkpoint)
    check_limit(limit, 100)
    if order is not None and order not in _ORDERS:
        raise ValidationError("order", order, f"one of {', '.join(_ORDERS)}")

    def make(after: str | None) -> Call:
        return call(
            list_fine_tuning_checkpoint_permissions,
            checkpoint,
            project_id=UNSET if project_id is None else project_id,
            after=UNSET if after is None else after,
            limit=UNSET if limit is None else limit,
            order=UNSET if order is None else _order(order),
        )

    return make


def _order(order: str) -> Any:
    from ftkit_api.models.list_fine_tuning_checkpoint_permissions_order import (
        ListFineTuningCheckpointPermissionsOrder,
    )

    return ListFineTuningCheckpointPermissionsOrder(order)


def _delete_call(checkpoint: str, permission_id: str) -> Call:
    return call(
        delete_fine_tuning_checkpoint_permission,
        check_id("checkpoint", checkpoint),
        check_id("permission_id", permission_id),
    )


def _as_admin(options: Mapping[str, Any], key: str | None) -> dict[str, Any]:
    """The call's options, with the admin key (when there is one) as its Authorization header.

    Sent as a per-call header, so it wins over the client's key (a ``with_options`` copy's
    too) while the caller's own ``extra_headers`` still win over it.

    >>> _as_admin({"timeout": 5}, "sk-admin")["extra_headers"]
    {'Authorization': 'Bearer sk-admin'}
    """
    if key is None:
        return dict(options)
    headers = {"Authorization": f"Bearer {key}", **(options.get("extra_headers") or {})}
    return {**options, "extra_headers": headers}


class _PermissionsAPI(Resource[Any]):
    """``client.checkpoints.permissions``, written once for both clients (see ``_resource``);
    sent with the client's ``admin_api_key``, if any."""

    def __init__(self, wiring: Any, admin_api_key: str | None = None) -> None:
        super().__init__(wiring)
        self._admin_api_key = admin_api_key

    @page
    def create(
        self, checkpoint: str, *, project_ids: Sequence[str], **options: Unpack[RequestOptions]
    ) -> Listing[FineTuningCheckpointPermission]:
        """Give these projects access to the checkpoint; answers the permissions created (one page).
        On ``AsyncClient``: ``page = await client.checkpoints.permissions.create(...)``.

        >>> [p.project_id for p in client.checkpoints.permissions.create(checkpoint, project_ids=["proj_new"])]
        ['proj_new']
        """
        return Listing.answer(_create_call(checkpoint, project_ids), _as_admin(options, self._admin_api_key))

    @pages
    def list(
        self,
        checkpoint: str,
        *,
        project_id: str | None = None,
        limit: int | None = None,
        after: str | None = None,
        order: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Listing[FineTuningCheckpointPermission]:
        """The checkpoint's permissions, a page at a time.
        On ``AsyncClient``: ``await`` it for the first page, or ``async for``.

        >>> [p.project_id for p in client.checkpoints.permissions.list(checkpoint, project_id="proj_abc")]
        ['proj_abc']
        """
        return Listing(_list_call(checkpoint, project_id, limit, order), after, _as_admin(options, self._admin_api_key))

    #: The official SDK's name for :meth:`list` (``fine_tuning.checkpoints.permissions.retrieve``).
    retrieve = list

    @result
    def delete(
        self, checkpoint: str, permission_id: str, **options: Unpack[RequestOptions]
    ) -> Plan[DeleteFineTuningCheckpointPermissionResponse]:
        """Withdraw one permission.
        On ``AsyncClient``: ``(await client.checkpoints.permissions.delete(checkpoint, permission_id)).deleted``.

        >>> made = client.checkpoints.permissions.create(checkpoint, project_ids=["proj_old"])
        >>> client.checkpoints.permissions.delete(checkpoint, made.data[0].id).deleted
        True
        """
        return send(_delete_call(checkpoint, permission_id), _as_admin(options, self._admin_api_key))


class Permissions(_PermissionsAPI, SyncResource):
    """``client.checkpoints.permissions`` (sent with the client's ``admin_api_key``, if any)."""


class AsyncPermissions(_PermissionsAPI, AsyncResource):
    """``client.checkpoints.permissions`` of the async client: the same methods, awaited."""


# -- checkpoint copy (Azure OpenAI's v1 API, preview) -----------------------------------------------

#: The header that enables checkpoint copy, a preview (the v1 description's ``aoai-copy-ft-checkpoints``).
COPY_HEADERS = {"aoai-copy-ft-checkpoints": "preview", "Accept": "application/json"}
#: The status of a copy that changes no more (the v1 description's ``CopiedAccountDetails.status``).
COPY_DONE = ("Completed", "Failed")
#: What the docs require of a copy (fine-tuning-rest.md, "Copy a model (preview)", Prerequisites).
COPY_PREREQUISITES = (
    "the destination resource has at least one fine-tuning job; it does not disable public network access"
    " (at least while the copy is requested); and the source resource has a user-assigned managed identity"
    " with the Azure AI User role on the destination"
)


class CheckpointCopyError(FtkitError):
    """A checkpoint copy ended ``Failed`` (or did not end in time); ``copy`` is the last state read."""

    def __init__(self, message: str, copy: CheckpointCopy | None) -> None:
        super().__init__(message)
        self.copy = copy


@attrs.frozen
class CheckpointCopy:
    """A checkpoint's copies as Azure reports them (``CopyModelResponse``): ``destinations``
    maps each destination resource id to ``(region, status)``; ``raw`` is the answer.

    >>> CheckpointCopy.from_json({"checkpointedModelName": "ftchkpt-1", "fineTuningJobId": "ftjob-1",
    ...     "copiedAccountDetails": [{"destinationResourceId": "/subscriptions/s/x", "region": "eastus",
    ...                               "status": "InProgress"}]}).destinations
    {'/subscriptions/s/x': ('eastus', 'InProgress')}
    """

    checkpoint: str | None
    job_id: str | None
    destinations: Mapping[str, tuple[str | None, str | None]]
    raw: Mapping[str, Any] = attrs.field(repr=False)

    @classmethod
    def from_json(cls, value: object) -> CheckpointCopy:
        if not isinstance(value, Mapping):
            raise TypeError(f"a checkpoint copy is a JSON object, not {type(value).__name__}")
        details = value.get("copiedAccountDetails")
        destinations: dict[str, tuple[str | None, str | None]] = {}
        for item in details if isinstance(details, list) else []:
            if isinstance(item, Mapping) and isinstance(item.get("destinationResourceId"), str):
                region, status = item.get("region"), item.get("status")
                destinations[item["destinationResourceId"]] = (
                    region if isinstance(region, str) else None,
                    status if isinstance(status, str) else None,
                )
        name, job = value.get("checkpointedModelName"), value.get("fineTuningJobId")
        return cls(
            checkpoint=name if isinstance(name, str) else None,
            job_id=job if isinstance(job, str) else None,
            destinations=destinations,
            raw=dict(value),
        )

    def status(self, destination: str) -> str | None:
        """The status of the copy to ``destination`` (None: not among the copies)."""
        for where, (_, status) in self.destinations.items():
            if where.rstrip("/").lower() == destination.rstrip("/").lower():
                return status
        return None


def _copy_answer(response: httpx.Response) -> CheckpointCopy:
    try:
        return CheckpointCopy.from_json(read_json(response.content))
    except (ValueError, TypeError, RecursionError) as exc:
        raise APIResponseValidationError(f"not a checkpoint copy: {exc}", response=response) from None


def _copy_call(method: str, job_id: str, checkpoint: str, body: Mapping[str, str] | None = None) -> Call:
    url = f"/fine_tuning/jobs/{check_id('job_id', job_id)}/checkpoints/{check_id('checkpoint', checkpoint)}/copy"
    kwargs: dict[str, Any] = {"method": method, "url": url, "headers": dict(COPY_HEADERS)}
    if body is not None:
        kwargs["json"] = dict(body)
    return Call(kwargs, _copy_answer)


def _copy_flow(
    start: Call | None,
    job_id: str,
    checkpoint: str,
    destination: str,
    interval: float,
    timeout: float,
    clock: Any,
) -> Flow[CheckpointCopy]:
    """Start a copy (``start``), then read it every ``interval`` seconds until its status for
    ``destination`` is Completed (the result) or Failed (a :class:`CheckpointCopyError`)."""
    read = _copy_call("get", job_id, checkpoint)
    copy, _ = yield from poll_until(start, read, lambda c: c.status(destination) in COPY_DONE, interval, timeout, clock)
    status = copy.status(destination)
    if status == "Completed":
        return copy  # type: ignore[no-any-return]
    if status == "Failed":
        raise CheckpointCopyError(
            f"the copy of {checkpoint} to {destination} failed. Azure's docs require that {COPY_PREREQUISITES}"
            " (fine-tuning-rest.md, 'Copy a model')",
            copy,
        )
    raise CheckpointCopyError(
        f"the copy of {checkpoint} to {destination} is still {status} after {timeout:g} s; it goes on"
        f" (ftkit checkpoints copy-status {job_id} {checkpoint})",
        copy,
    )


class _CopiesAPI(Resource[Any]):
    """``client.checkpoints.copies``: Azure OpenAI's checkpoint copy (v1 API, preview)."""

    def _check_server(self) -> None:
        if not (self._wiring.azure and not self._wiring.uploads_api):
            raise ValidationError(
                "client",
                None,
                "an AzureClient on the v1 API (no api_version, or 'v1'/'preview'): checkpoint copy is Azure"
                " OpenAI's, on its v1 API",
            )

    @result
    def create(
        self,
        job_id: str,
        checkpoint: str,
        *,
        destination_resource_id: str,
        region: str,
        wait: bool = True,
        poll_interval: float = 30.0,
        timeout: float = 3 * 3600.0,
        **options: Unpack[ExtraOptions],
    ) -> Plan[CheckpointCopy]:
        """Copy ``checkpoint`` (an ``ftchkpt-...`` id) of ``job_id`` to another Azure OpenAI resource
        (its ARM id, ``/subscriptions/.../accounts/NAME``) in ``region``; with ``wait`` (the
        default), read it every ``poll_interval`` seconds until it completed, or raise a
        :class:`CheckpointCopyError` that says what the docs require of the destination.
        On ``AsyncClient``: ``await client.checkpoints.copies.create(...)``.

        >>> target = "/subscriptions/sub/resourceGroups/group/providers/Microsoft.CognitiveServices/accounts/other"
        >>> copy = client.checkpoints.copies.create(job.id, checkpoint, destination_resource_id=target,
        ...                                         region="swedencentral")
        >>> copy.status(target)
        'Completed'
        """
        self._check_server()
        for argument, value in (("destination_resource_id", destination_resource_id), ("region", region)):
            if not isinstance(value, str) or not value.strip():
                raise ValidationError(argument, value, "a non-empty string")
        if not destination_resource_id.lower().startswith("/subscriptions/"):
            raise ValidationError(
                "destination_resource_id",
                destination_resource_id,
                "the destination's Azure resource id:"
                " /subscriptions/.../providers/Microsoft.CognitiveServices/accounts/NAME",
            )
        interval, limit = _seconds("poll_interval", poll_interval), _seconds("timeout", timeout)
        start = _copy_call(
            "post", job_id, checkpoint, {"destinationResourceId": destination_resource_id, "region": region}
        )
        if not wait:
            return send(start, options)
        flow = _copy_flow(start, job_id, checkpoint, destination_resource_id, interval, limit, self._wiring.clock)
        return run(flow, options=options)

    @result
    def retrieve(self, job_id: str, checkpoint: str, **options: Unpack[RequestOptions]) -> Plan[CheckpointCopy]:
        """The copies of ``checkpoint`` and their status.
        On ``AsyncClient``: ``await client.checkpoints.copies.retrieve(job_id, checkpoint)``.

        >>> copies = client.checkpoints.copies.retrieve(job.id, checkpoint)
        >>> list(copies.destinations.values())
        [('swedencentral', 'Completed')]
        """
        self._check_server()
        return send(_copy_call("get", job_id, checkpoint), options)


def _seconds(argument: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise ValidationError(argument, value, "a number of seconds > 0")
    return float(value)


class Copies(_CopiesAPI, SyncResource):
    """``client.checkpoints.copies``: Azure OpenAI's checkpoint copy."""


class AsyncCopies(_CopiesAPI, AsyncResource):
    """``client.checkpoints.copies`` of the async client: the same methods, awaited."""


_C = TypeVar("_C")


class _CheckpointsBase(Generic[_P, _C]):
    def __init__(self, permissions: _P, copies: _C) -> None:
        self.permissions = permissions
        self.copies = copies


class Checkpoints(_CheckpointsBase[Permissions, Copies]):
    """``client.checkpoints``: holds ``permissions`` (OpenAI) and ``copies`` (Azure OpenAI)."""


class AsyncCheckpoints(_CheckpointsBase[AsyncPermissions, AsyncCopies]):
    """``client.checkpoints`` of the async client."""
