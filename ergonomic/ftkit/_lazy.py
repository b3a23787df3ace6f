"""Names of a package imported from its modules when first asked for (start-up time: ``import
ftkit.grading`` loads no metric library, ``import ftkit.evaluation`` no report).

>>> import types
>>> package = types.ModuleType("demo")
>>> package.__getattr__, package.__dir__ = lazy_names("json", {"dumps": "json"}, vars(package))
>>> package.dumps([1])
'[1]'
>>> package.loads
Traceback (most recent call last):
...
AttributeError: module 'json' has no attribute 'loads'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(
    package: str, where: Mapping[str, str], namespace: dict[str, Any]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``, whose names ``where`` maps to the
    modules that define them (absolute, or relative to ``package`` when they start with ``_``);
    a name, once imported, is kept in ``namespace`` (the package's globals), so later look-ups
    skip ``__getattr__``."""

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module}" if module.startswith("_") else module), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(where)

    return __getattr__, __dir__
