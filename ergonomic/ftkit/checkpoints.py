"""Checkpoint permissions: share a fine-tuned model checkpoint with other projects.

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

from ftkit_api.types import UNSET

from ._calls import call, endpoint
from ._checks import check_id, check_limit
from ._flow import Call
from ._resource import AsyncResource, Listing, Plan, Resource, SyncResource, page, pages, result, send
from .errors import ValidationError

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from ._http import RequestOptions


__all__ = ["AsyncCheckpoints", "AsyncPermissions", "Checkpoints", "Permissions"]

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

        >>> client.checkpoints.permissions.create(checkpoint, project_ids=["proj_abc"])  # doctest: +SKIP
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

        >>> shared_with = [p.project_id for p in client.checkpoints.permissions.list(checkpoint)]  # doctest: +SKIP
        """
        return Listing(_list_call(checkpoint, project_id, limit, order), after, _as_admin(options, self._admin_api_key))

    @result
    def delete(
        self, checkpoint: str, permission_id: str, **options: Unpack[RequestOptions]
    ) -> Plan[DeleteFineTuningCheckpointPermissionResponse]:
        """Withdraw one permission.
        On ``AsyncClient``: ``(await client.checkpoints.permissions.delete(checkpoint, permission_id)).deleted``.

        >>> client.checkpoints.permissions.delete(checkpoint, "cp_abc").deleted  # doctest: +SKIP
        True
        """
        return send(_delete_call(checkpoint, permission_id), _as_admin(options, self._admin_api_key))


class Permissions(_PermissionsAPI, SyncResource):
    """``client.checkpoints.permissions`` (sent with the client's ``admin_api_key``, if any)."""


class AsyncPermissions(_PermissionsAPI, AsyncResource):
    """``client.checkpoints.permissions`` of the async client: the same methods, awaited."""


class _CheckpointsBase(Generic[_P]):
    def __init__(self, permissions: _P) -> None:
        self.permissions = permissions


class Checkpoints(_CheckpointsBase[Permissions]):
    """``client.checkpoints``: holds ``permissions``."""


class AsyncCheckpoints(_CheckpointsBase[AsyncPermissions]):
    """``client.checkpoints`` of the async client."""
