"""``ftkit azure deployments``: deploy fine-tuned models on Azure OpenAI (Azure Resource Manager).

On Azure a fine-tuned model answers nothing until it is deployed; deployments are made through
Azure Resource Manager with an Entra ID token (``--azure-ad``, or ``AZURE_MANAGEMENT_TOKEN``).
The subscription, resource group and account come from the options or from
``AZURE_SUBSCRIPTION_ID``, ``AZURE_RESOURCE_GROUP`` and ``AZURE_OPENAI_ACCOUNT`` (the account
defaults to the name in the resource's endpoint).
"""

from __future__ import annotations

from typing import Any

import click

from ..deployments import DeploymentFailedError
from ._env import EXIT_FAILED, error_line, get_env
from ._options import poll_interval_option
from ._render import json_option, print_json, show, table

_POLL = poll_interval_option(10.0, "With --wait: seconds between two reads of the deployment.")
_COST = (
    "A deployed fine-tuned model costs hosting by the hour whether it is called or not, and Azure deletes a"
    " deployment inactive for more than 15 days (the model stays)."
)


@click.group()
@click.option("--subscription-id", metavar="ID", help="The resource's subscription (default: AZURE_SUBSCRIPTION_ID).")
@click.option("--resource-group", metavar="NAME", help="Its resource group (default: AZURE_RESOURCE_GROUP).")
@click.option(
    "--account-name",
    metavar="NAME",
    help="The Azure OpenAI resource (default: AZURE_OPENAI_ACCOUNT, else the name in --azure-endpoint).",
)
@click.option(
    "--management-endpoint",
    metavar="URL",
    help="Azure Resource Manager (default: AZURE_MANAGEMENT_ENDPOINT, else https://management.azure.com);"
    " an emulator's address to deploy offline.",
)
def azure(
    subscription_id: str | None, resource_group: str | None, account_name: str | None, management_endpoint: str | None
) -> None:
    """Azure OpenAI only: deployments (Azure Resource Manager)."""
    env = get_env()
    env.management.update(
        subscription_id=subscription_id,
        resource_group=resource_group,
        account_name=account_name,
        management_endpoint=management_endpoint,
    )


@azure.group()
def deployments() -> None:
    """Deploy a fine-tuned model or checkpoint, list, get and delete deployments."""


#: The one-line question that confirms a new deployment answers.
HELLO = [{"role": "user", "content": "Say hello in one short sentence."}]


def first_answer(client: Any, deployment: str) -> str:
    """Ask the deployment one short question (a chat completion, the deployment's name as the
    model) and give back its answer on one line: proof that the model answers."""
    completion = client.chat.completions.create(model=deployment, messages=HELLO, max_completion_tokens=40)
    choices = completion.choices if isinstance(completion.choices, list) else []
    content = choices[0].message.content if choices else None
    return " ".join(str(content or "").split()) or "(an empty answer)"


def _client() -> Any:
    client = get_env().client()
    if not hasattr(client, "deployments"):
        raise click.UsageError("deployments are Azure OpenAI's: give --azure-endpoint (or AZURE_OPENAI_ENDPOINT)")
    return client


def _show(items: list[Any], as_json: bool) -> None:
    if as_json:
        print_json([dict(item.raw) for item in items])
        return
    if not items:
        click.echo("No deployments.")
        return
    rows = [[d.name, d.model or "", d.provisioning_state or "", f"{d.sku or ''} x{d.capacity or ''}"] for d in items]
    show(table(["NAME", "MODEL", "STATE", "SKU"], rows))


@deployments.command("create", epilog=_COST)
@click.argument("name")
@click.option(
    "--model", required=True, metavar="MODEL", help="A fine-tuned model (BASE.ft-...) or checkpoint (ftchkpt-...)."
)
@click.option("--sku", default="Standard", show_default=True, help="Standard, GlobalStandard, Developer, ...")
@click.option("--capacity", type=click.IntRange(min=1), default=1, show_default=True, help="Units of the SKU.")
@click.option("--wait", is_flag=True, help="Wait until it is provisioned; exit 1 if it fails.")
@_POLL
@json_option
def create(name: str, model: str, sku: str, capacity: int, wait: bool, poll_interval: float, as_json: bool) -> None:
    """Deploy MODEL as NAME (the name calls use as their model or deployment)."""
    client = _client()
    try:
        deployment = client.deployments.create(
            name, model=model, sku=sku, capacity=capacity, wait=wait, poll_interval=poll_interval
        )
    except DeploymentFailedError as exc:
        if as_json and exc.deployment is not None:
            print_json(dict(exc.deployment.raw))
        error_line(str(exc))
        raise click.exceptions.Exit(EXIT_FAILED) from None
    if as_json:
        print_json(dict(deployment.raw) if not wait else {**deployment.raw, "answer": first_answer(client, name)})
        return
    click.echo(f"Deployment {deployment.name} of {deployment.model}: {deployment.provisioning_state}.")
    if wait:
        click.echo(f"{deployment.name} answers: {first_answer(client, deployment.name)}")
    else:
        click.echo(f"Wait for it: ftkit azure deployments get {name} --wait (or create it with --wait)", err=True)
    click.echo(_COST, err=True)


@deployments.command("list")
@json_option
def list_deployments(as_json: bool) -> None:
    """The account's deployments."""
    _show(_client().deployments.list(), as_json)


@deployments.command("get")
@click.argument("name")
@click.option("--wait", is_flag=True, help="Wait until it is provisioned; exit 1 if it fails.")
@_POLL
@json_option
def get(name: str, wait: bool, poll_interval: float, as_json: bool) -> None:
    """One deployment and its provisioning state."""
    client = _client()
    try:
        deployments = client.deployments
        deployment = deployments.wait(name, poll_interval=poll_interval) if wait else deployments.retrieve(name)
    except DeploymentFailedError as exc:
        error_line(str(exc))
        raise click.exceptions.Exit(EXIT_FAILED) from None
    _show([deployment], as_json)


@deployments.command("delete")
@click.argument("name")
@json_option
def delete(name: str, as_json: bool) -> None:
    """Delete deployment NAME (the fine-tuned model stays, and can be deployed again)."""
    _client().deployments.delete(name)
    if as_json:
        print_json({"name": name, "deleted": True})
    else:
        click.echo(f"Deleted deployment {name}.")
