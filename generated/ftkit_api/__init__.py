"""A client library for accessing OpenAI API"""

from typing import TYPE_CHECKING, Any

# ftkit: the clients are imported when first asked for, so that importing a model or
# `types` does not build the client classes (start-up; issue 22).
if TYPE_CHECKING:
    from .client import AuthenticatedClient, Client


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import client

        return getattr(client, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = (
    "AuthenticatedClient",
    "Client",
)
