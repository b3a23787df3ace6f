"""Azure Resource Manager's deployments of an Azure OpenAI resource, at the emulator's own address.

On Azure a fine-tuned model answers nothing until it is deployed, and deployments are made
through Azure Resource Manager (ARM), not the data plane: ``PUT {management}/subscriptions/
{sub}/resourceGroups/{rg}/providers/Microsoft.CognitiveServices/accounts/{account}/deployments/
{name}?api-version=2024-10-01`` with an Entra ID token (fine-tuning-deploy.md). The Azure
flavour serves these paths under ``/subscriptions`` (``_flavors.ArmFlavor``), so a client
pointed at the emulator as its management endpoint trains, deploys and calls offline.

Sources: Azure/azure-rest-api-specs, ``specification/cognitiveservices/resource-manager/
Microsoft.CognitiveServices/stable/2024-10-01/``: ``examples/PutDeployment.json`` (200 with
``provisioningState`` ``Succeeded`` for an update, 201 with ``Accepted`` for a new one),
``ListDeployments.json`` (``{"value": [...]}``), ``DeleteDeployment.json`` (200, 202 or 204);
the deployment states ``Accepted``, ``Creating``, ``Succeeded``, ``Failed``, ``Deleting``,
``Canceled``, ``Disabled``, ``Moving`` (``DeploymentProvisioningState``). ARM's error body is
``{"error": {"code", "message"}}``. What neither says is marked *guess* where it is decided.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._errors import EmulatorError, bad_request
from ._http import Response, json_response
from ._routes import Route

if TYPE_CHECKING:
    from collections.abc import Mapping

#: ARM versions of Microsoft.CognitiveServices taken (stable versions with deployments; the
#: fine-tuning docs use 2024-10-01). Guess: others are refused.
ARM_VERSIONS = ("2023-05-01", "2024-10-01", "2025-06-01")
#: Emulated seconds from Accepted to Creating, and to Succeeded. Guess: real deployments of a
#: fine-tuned model take minutes.
CREATING_AFTER, SUCCEEDED_AFTER = 5.0, 60.0
_ACCOUNT = "/{subscription_id}/resourceGroups/{resource_group}/providers/Microsoft.CognitiveServices/accounts/{account}"
_DEPLOYMENTS = _ACCOUNT + "/deployments"
_DEPLOYMENT = _DEPLOYMENTS + "/{deployment}"
#: Deployment SKUs a fine-tuned model takes (fine-tuning-deploy.md, "Deployment types"; the
#: docs write "standard" and "Standard"). Guess: compared without case.
SKUS = ("standard", "globalstandard", "developer", "provisionedmanaged", "globalprovisionedmanaged")


class ArmDeployments:
    """The deployments ARM keeps, by account, with their provisioning timelines, and the routes
    that serve them (``_flavors.ArmFlavor`` is the server around them: its prefix, checks, errors).

    >>> ArmDeployments().routes()[0].endpoint.endswith("/accounts/{account}/deployments")
    True
    """

    def __init__(self) -> None:
        #: (subscription, resource group, account, name) lowered -> the deployment and its timeline.
        self.deployments: dict[tuple[str, str, str, str], dict[str, Any]] = {}
        self._fail_next = False

    def routes(self) -> list[Route]:
        """The routes of ARM's deployments (after ``/subscriptions``)."""
        return [
            Route("GET", _DEPLOYMENTS, self._list),
            Route("PUT", _DEPLOYMENT, self._put),
            Route("GET", _DEPLOYMENT, self._get),
            Route("DELETE", _DEPLOYMENT, self._delete),
        ]

    def fail_next(self) -> None:
        """Make the next deployment created end ``Failed`` (for tests of a failed deployment).

        >>> ArmDeployments().fail_next()
        """
        self._fail_next = True

    def model_of(self, name: str, state: Any) -> str | None:
        """The model a deployment called ``name`` serves once it succeeded (any account), else None."""
        now = max(state.now, state.clock())
        for (_, _, _, deployment), item in self.deployments.items():
            if deployment == name.lower() and self._state_of(item, now) == "Succeeded":
                return str(item["json"]["properties"]["model"]["name"])
        return None

    # -- handlers --------------------------------------------------------------------------------

    @staticmethod
    def _key(params: Mapping[str, str]) -> tuple[str, str, str, str]:
        return (
            params["subscription_id"].lower(),
            params["resource_group"].lower(),
            params["account"].lower(),
            params.get("deployment", "").lower(),
        )

    def _state_of(self, item: dict[str, Any], now: float) -> str:
        age = now - item["created"]
        if item["failed"]:
            return "Failed" if age >= CREATING_AFTER else "Creating" if age > 0 else "Accepted"
        if age >= SUCCEEDED_AFTER:
            return "Succeeded"
        return "Creating" if age >= CREATING_AFTER else "Accepted"

    def _json(self, item: dict[str, Any], now: float) -> dict[str, Any]:
        shown = dict(item["json"])
        shown["properties"] = {**shown["properties"], "provisioningState": self._state_of(item, now)}
        return shown

    def _put(self, state: Any, request: Any) -> Any:
        params = request.params
        payload = request.json()
        sku = payload.get("sku")
        properties = payload.get("properties")
        model = properties.get("model") if isinstance(properties, dict) else None
        if not isinstance(sku, dict) or str(sku.get("name", "")).lower() not in SKUS:
            raise bad_request(f"Invalid 'sku': expected a name among {', '.join(SKUS)}, got {sku!r}.", "sku")
        capacity = sku.get("capacity", 1)
        if isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 1:
            raise bad_request(f"Invalid 'sku.capacity': expected an integer >= 1, got {capacity!r}.", "sku.capacity")
        if not isinstance(model, dict) or model.get("format") != "OpenAI" or not isinstance(model.get("name"), str):
            raise bad_request(
                'Invalid \'properties.model\': expected {"format": "OpenAI", "name": ..., "version": ...}.',
                "properties.model",
            )
        name = model["name"]
        key = self._key(params)
        with state.current():
            known = (
                state.fine_tuned(name) is not None
                or state.checkpoint_job(name) is not None
                or any(name == c.get("id") for _, job in state.fine_tuned_models() for c in state.checkpoints_of(job))
            )
            if not known:
                # Guess: the code and wording; a model the resource does not have is refused at once.
                raise EmulatorError(
                    400,
                    f"The model '{name}' was not found in account {params['account']}: deploy a fine-tuned model"
                    " (BASE.ft-...) or a checkpoint (ftchkpt-...) of this resource.",
                    code="DeploymentModelNotSupported",
                )
            existing = self.deployments.get(key)
            sub, group, account, deployment = (
                params["subscription_id"],
                params["resource_group"],
                params["account"],
                params["deployment"],
            )
            body = {
                "id": f"/subscriptions/{sub}/resourceGroups/{group}/providers/Microsoft.CognitiveServices"
                f"/accounts/{account}/deployments/{deployment}",
                "name": deployment,
                "type": "Microsoft.CognitiveServices/accounts/deployments",
                "sku": {"name": sku["name"], "capacity": capacity},
                "properties": {
                    "model": {k: v for k, v in model.items() if k in ("format", "name", "version", "source")}
                },
            }
            if existing is not None and existing["json"]["properties"]["model"]["name"] == name:
                existing["json"] = body  # an update of the SKU: 200, state kept
                return json_response(200, self._json(existing, state.now))
            item = {"json": body, "created": state.now, "failed": self._fail_next}
            self._fail_next = False
            self.deployments[key] = item
            return json_response(201, self._json(item, state.now))

    def _get(self, state: Any, request: Any) -> Any:
        with state.current():
            item = self.deployments.get(self._key(request.params))
            if item is None:
                raise EmulatorError(
                    404, f"Deployment '{request.params['deployment']}' was not found.", code="DeploymentNotFound"
                )
            return self._json(item, state.now)

    def _list(self, state: Any, request: Any) -> Any:
        prefix = self._key(request.params)[:3]
        with state.current():
            return {
                "value": [self._json(item, state.now) for key, item in self.deployments.items() if key[:3] == prefix]
            }

    def _delete(self, state: Any, request: Any) -> Any:
        with state.current():
            found = self.deployments.pop(self._key(request.params), None)
        # DeleteDeployment.json: 200 (deleted), 202 (accepted) or 204; guess: 204 when there was none.
        return Response(200 if found is not None else 204, {"content-type": "application/json"}, b"")
