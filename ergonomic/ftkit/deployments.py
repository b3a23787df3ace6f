"""Azure OpenAI deployments: on Azure a fine-tuned model answers nothing until it is deployed.

Deployments are made through Azure Resource Manager (ARM), not the data plane
(fine-tuning-deploy.md): ``PUT {management}/subscriptions/{sub}/resourceGroups/{group}/
providers/Microsoft.CognitiveServices/accounts/{account}/deployments/{name}?api-version=
2024-10-01`` with a body ``{"sku": {...}, "properties": {"model": {"format": "OpenAI",
"name": <fine-tuned model or checkpoint>, "version": "1"}}}`` and an Entra ID token for
``https://management.azure.com``. ARM answers at once with ``provisioningState``
``Accepted`` (or ``Creating``); the deployment is usable once it says ``Succeeded``.

``client.deployments`` (``AzureClient`` and ``AsyncAzureClient`` only) creates, lists,
reads, waits for and deletes them. Where it goes comes from the client: ``subscription_id``,
``resource_group``, ``account_name`` (default: the endpoint's resource name),
``management_endpoint`` and a ``credential`` (or ``management_token``).

What the docs say about their cost and lifetime (articles/foundry/openai/includes/fine-tune.md):
each deployed fine-tuned model "incurs an hourly hosting cost regardless of whether chat
completions or response API calls are made to the model", and a deployment "inactive for more
than 15 days" is deleted (the model itself stays, and can be deployed again).

Example::

    deployment = client.deployments.create("support-bot", model=job.fine_tuned_model, wait=True)
    print(deployment.name, deployment.provisioning_state)   # support-bot Succeeded
"""

from __future__ import annotations

import builtins
import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import attrs
from ftkit_api.types import read_json

from ._checks import check_id
from ._flow import Call, Flow, pause
from ._resource import AsyncResource, Plan, Resource, SyncResource, result, run, send
from .errors import APIResponseValidationError, FtkitError, ValidationError
from .pagination import link_pages

if TYPE_CHECKING:
    import httpx
    from typing_extensions import Unpack

    from ._executor import ExtraOptions, RequestOptions
    from ._resource import Wiring
    from .watch import VirtualClock

__all__ = ["TERMINAL_STATES", "AsyncDeployments", "Deployment", "DeploymentFailedError", "Deployments"]

#: Provisioning states after which a deployment changes no more by itself (DeploymentProvisioningState).
TERMINAL_STATES = ("Succeeded", "Failed", "Canceled", "Disabled")
#: The SKU a fine-tuned model is deployed with unless told otherwise (the docs' examples).
DEFAULT_SKU = "Standard"
#: Seconds between two reads of a deployment being provisioned, and the longest wait by default.
POLL_INTERVAL = 10.0
DEFAULT_TIMEOUT = 3600.0


class DeploymentFailedError(FtkitError):
    """A deployment ended in a state other than ``Succeeded`` (``Failed``, ``Canceled``, ``Disabled``),
    or did not get there in time; ``deployment`` is the last state read."""

    def __init__(self, message: str, deployment: Deployment | None) -> None:
        super().__init__(message)
        self.deployment = deployment


@attrs.frozen
class Deployment:
    """A deployment of ARM as ftkit reads it; ``raw`` is the answer itself (JSON).

    >>> Deployment.from_json({"name": "bot", "sku": {"name": "Standard", "capacity": 1},
    ...                       "properties": {"model": {"format": "OpenAI", "name": "m.ft-1", "version": "1"},
    ...                                      "provisioningState": "Creating"}}).provisioning_state
    'Creating'
    """

    name: str
    model: str | None
    provisioning_state: str | None
    sku: str | None
    capacity: int | None
    id: str | None
    raw: Mapping[str, Any] = attrs.field(repr=False)

    @classmethod
    def from_json(cls, value: object) -> Deployment:
        """A deployment from ARM's JSON (lenient: a field left out reads as None)."""
        if not isinstance(value, Mapping):
            raise TypeError(f"a deployment is a JSON object, not {type(value).__name__}")
        properties = _object(value.get("properties"))
        model = _object(properties.get("model"))
        sku = _object(value.get("sku"))

        def text(item: object) -> str | None:
            return item if isinstance(item, str) else None

        capacity = sku.get("capacity")
        return cls(
            name=str(value.get("name") or ""),
            model=text(model.get("name")),
            provisioning_state=text(properties.get("provisioningState")),
            sku=text(sku.get("name")),
            capacity=capacity if isinstance(capacity, int) and not isinstance(capacity, bool) else None,
            id=text(value.get("id")),
            raw=dict(value),
        )

    @property
    def done(self) -> bool:
        """Whether it is in a state it leaves no more by itself."""
        return self.provisioning_state in TERMINAL_STATES


def _object(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _json(response: httpx.Response) -> Any:
    try:
        return read_json(response.content)
    except ValueError as exc:
        raise APIResponseValidationError(
            f"Azure Resource Manager answered {response.status_code} with a body ftkit cannot read ({exc})",
            response=response,
        ) from None


def _deployment(response: httpx.Response) -> Deployment:
    try:
        return Deployment.from_json(_json(response))
    except TypeError as exc:
        raise APIResponseValidationError(f"not a deployment: {exc}", response=response) from None


def _deployments(response: httpx.Response) -> tuple[list[Deployment], str | None]:
    body = _json(response)
    items = body.get("value") if isinstance(body, Mapping) else None
    if not isinstance(items, list):
        raise APIResponseValidationError("a list of deployments without its 'value'", response=response)
    try:
        found = [Deployment.from_json(item) for item in items]
    except TypeError as exc:
        raise APIResponseValidationError(f"not a deployment: {exc}", response=response) from None
    next_link = body.get("nextLink")
    return found, next_link if isinstance(next_link, str) and next_link else None


class _Where:
    """The account's deployments URL on ARM, and the auth its requests carry, from the client's configuration."""

    def __init__(self, management: Any) -> None:
        self.management = management

    def url(self, name: str | None = None) -> str:
        where = self.management
        if where is None:
            raise ValidationError("client", None, "an AzureClient: deployments are Azure OpenAI's")
        for argument, value, variable in (
            ("subscription_id", where.subscription_id, "AZURE_SUBSCRIPTION_ID"),
            ("resource_group", where.resource_group, "AZURE_RESOURCE_GROUP"),
            ("account_name", where.account_name, "AZURE_OPENAI_ACCOUNT"),
        ):
            if not value:
                raise ValidationError(
                    argument,
                    value,
                    f"the Azure resource's {argument.replace('_', ' ')} (AzureClient({argument}=...) or {variable})",
                )
        if where.auth is None:
            raise ValidationError(
                "credential",
                None,
                "an Entra ID credential for Azure Resource Manager: AzureClient(credential=DefaultAzureCredential())"
                " (--azure-ad), or management_token=... (AZURE_MANAGEMENT_TOKEN)",
            )
        url = (
            f"{where.endpoint}/subscriptions/{quote(where.subscription_id, safe='')}/resourceGroups/"
            f"{quote(where.resource_group, safe='')}/providers/Microsoft.CognitiveServices/accounts/"
            f"{quote(where.account_name, safe='')}/deployments"
        )
        return url if name is None else f"{url}/{quote(check_id('name', name), safe='')}"

    def call(self, method: str, url: str, parse: Any, body: Any = None) -> Call:
        kwargs: dict[str, Any] = {"method": method, "url": url, "auth": self.management.auth}
        if body is not None:
            kwargs["content"] = json.dumps(body).encode()
            kwargs["headers"] = {"Content-Type": "application/json"}
        return Call(kwargs, parse)


def poll_until(
    first: Call | None,
    read: Call,
    done: Callable[[Any], bool],
    interval: float,
    timeout: float,
    clock: VirtualClock | None,
) -> Flow[tuple[Any, bool]]:
    """Send ``first`` (or ``read``), then ``read`` every ``interval`` seconds until ``done`` says
    yes of the answer, or ``timeout`` seconds have been waited: ``(last answer, done)``. Time is
    counted by the waits themselves (the driver sleeps, or the virtual clock advances), so a
    test on a manual clock never sleeps. Deployments and checkpoint copies wait with it.

    >>> flow = poll_until(None, Call({"url": "/x"}, str), lambda answer: True, 5.0, 60.0, None)
    >>> next(flow).kwargs["url"]
    '/x'
    """
    answer = yield (first or read)
    waited = 0.0
    while not done(answer):
        if waited >= timeout:
            return answer, False
        step = min(interval, timeout - waited)
        yield from pause(step, clock)
        waited += step
        answer = yield read
    return answer, True


def _wait_flow(
    where: _Where, name: str, first: Call | None, interval: float, timeout: float, clock: VirtualClock | None
) -> Flow[Deployment]:
    """Read the deployment until it is in a terminal state; ``Succeeded`` is the result, any other
    a :class:`DeploymentFailedError`."""
    read = where.call("get", where.url(name), _deployment)
    deployment, done = yield from poll_until(first, read, lambda d: d.done, interval, timeout, clock)
    if deployment.provisioning_state == "Succeeded":
        return deployment  # type: ignore[no-any-return]
    if done:
        raise DeploymentFailedError(
            f"deployment {name} ended {deployment.provisioning_state} (model {deployment.model}); Azure"
            " Resource Manager's activity log of the resource says why. A fine-tuned model deploys only in a"
            " region that supports fine-tuning, with quota for its SKU (fine-tuning-deploy.md)",
            deployment,
        )
    raise DeploymentFailedError(
        f"deployment {name} is still {deployment.provisioning_state} after {timeout:g} s; it goes on"
        f" (ftkit azure deployments get {name})",
        deployment,
    )


def _check_positive(argument: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise ValidationError(argument, value, "a number of seconds > 0")
    return float(value)


class _DeploymentsAPI(Resource[Any]):
    """``client.deployments`` of the Azure clients, written once for both (see ``_resource``)."""

    def __init__(self, wiring: Wiring[Any], management: Any) -> None:
        super().__init__(wiring)
        self._where = _Where(management)

    @result
    def create(
        self,
        name: str,
        *,
        model: str,
        sku: str = DEFAULT_SKU,
        capacity: int = 1,
        version: str = "1",
        wait: bool = False,
        poll_interval: float = POLL_INTERVAL,
        timeout: float = DEFAULT_TIMEOUT,
        **options: Unpack[ExtraOptions],
    ) -> Plan[Deployment]:
        """Deploy ``model`` (a fine-tuned model, ``BASE.ft-...``, or a checkpoint, ``ftchkpt-...``)
        as ``name``; ``sku`` is the deployment type (``Standard``, ``GlobalStandard``, ``Developer``,
        ...). ``wait=True`` reads it every ``poll_interval`` seconds until it succeeded (a
        :class:`DeploymentFailedError` if it failed, or is not done within ``timeout`` seconds, the
        wait's; ``options`` are the per-call options but ``timeout``). The
        deployment costs by the hour once it exists (see the module doc).
        On ``AsyncClient``: ``await client.deployments.create("bot", model=name, wait=True)``.

        >>> client.deployments.create("bot", model=model, wait=True)  # doctest: +ELLIPSIS
        Deployment(name='bot', model='gpt-4o-mini-2024-07-18.ft-...', provisioning_state='Succeeded', ...)
        """
        check_id("model", model)
        check_id("sku", sku)
        check_id("version", version)
        if isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 1:
            raise ValidationError("capacity", capacity, "an integer >= 1")
        interval = _check_positive("poll_interval", poll_interval)
        limit = _check_positive("timeout", timeout)
        body = {
            "sku": {"name": sku, "capacity": capacity},
            "properties": {"model": {"format": "OpenAI", "name": model, "version": version}},
        }
        put = self._where.call("put", self._where.url(name), _deployment, body)
        if not wait:
            return send(put, options)
        return run(_wait_flow(self._where, name, put, interval, limit, self._wiring.clock), options=options)

    @result
    def retrieve(self, name: str, **options: Unpack[RequestOptions]) -> Plan[Deployment]:
        """The deployment ``name`` as it is now. On ``AsyncClient``: ``await client.deployments.retrieve(name)``.

        >>> client.deployments.retrieve("bot").provisioning_state
        'Succeeded'
        """
        return send(self._where.call("get", self._where.url(name), _deployment), options)

    @result
    def wait(
        self,
        name: str,
        *,
        poll_interval: float = POLL_INTERVAL,
        timeout: float = DEFAULT_TIMEOUT,
        **options: Unpack[ExtraOptions],
    ) -> Plan[Deployment]:
        """Read the deployment until it succeeded (a :class:`DeploymentFailedError` otherwise).
        On ``AsyncClient``: ``await client.deployments.wait(name)``.

        >>> client.deployments.wait("bot").provisioning_state
        'Succeeded'
        """
        interval = _check_positive("poll_interval", poll_interval)
        limit = _check_positive("timeout", timeout)
        return run(_wait_flow(self._where, check_id("name", name), None, interval, limit, self._wiring.clock),
                   options=options)  # fmt: skip

    @result
    def list(self, **options: Unpack[RequestOptions]) -> Plan[builtins.list[Deployment]]:
        """Every deployment of the account (ARM's pages followed by their ``nextLink``).
        On ``AsyncClient``: ``await client.deployments.list()``.

        >>> [d.name for d in client.deployments.list()]
        ['bot']
        """
        where = self._where
        first = where.call("get", where.url(), _deployments)
        return run(link_pages(first, lambda link: where.call("get", link, _deployments)), options=options)

    @result
    def delete(self, name: str, **options: Unpack[RequestOptions]) -> Plan[None]:
        """Delete the deployment ``name`` (the fine-tuned model stays, and can be deployed again).
        On ``AsyncClient``: ``await client.deployments.delete(name)``.

        >>> client.deployments.create("old-bot", model=model).provisioning_state
        'Accepted'
        >>> client.deployments.delete("old-bot")
        >>> "old-bot" in [d.name for d in client.deployments.list()]
        False
        """
        return send(self._where.call("delete", self._where.url(name), lambda response: None), options)


class Deployments(_DeploymentsAPI, SyncResource):
    """``client.deployments`` of ``AzureClient``."""


class AsyncDeployments(_DeploymentsAPI, AsyncResource):
    """``client.deployments`` of ``AsyncAzureClient``: the same methods, awaited."""
