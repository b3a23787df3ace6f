"""Fault injection: error statuses, slow answers and dropped connections, per endpoint, seeded."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Any


@dataclass
class Fault:
    """One injected fault; ``fired`` counts the requests it hit.

    ``status`` answers that error instead of processing the request; ``delay`` holds the answer
    back that many wall seconds; ``drop`` processes the request (state changes) and then closes
    the connection without answering. They combine: a slow 500, a slow drop.

    >>> Fault("POST /fine_tuning/jobs", status=429, retry_after=0.5).status
    429
    """

    endpoint: str | None
    status: int | None = None
    rate: float = 1.0
    retry_after: float | None = None
    delay: float = 0.0
    drop: bool = False
    times: int | None = None
    fired: int = 0

    def matches(self, endpoint: str) -> bool:
        """True if this fault applies to ``endpoint`` (``None`` applies to every endpoint).

        >>> Fault(None).matches("GET /files")
        True
        """
        return self.endpoint is None or self.endpoint == endpoint

    @property
    def exhausted(self) -> bool:
        """True once the fault fired ``times`` times."""
        return self.times is not None and self.fired >= self.times


class FaultPlan:
    """The injected faults, consulted in order; the first that matches and fires wins.

    >>> plan = FaultPlan(seed=0)
    >>> _ = plan.add(Fault("GET /files", status=500, times=1))
    >>> plan.pick("GET /files").status, plan.pick("GET /files")
    (500, None)
    """

    def __init__(self, seed: int) -> None:
        # Its own generator, so injecting faults never changes the ids the emulator hands out.
        self._random = random.Random(f"faults:{seed}")
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> Fault:
        """Add ``fault`` after the others and return it."""
        if not 0.0 <= fault.rate <= 1.0:
            raise ValueError(f"rate must be between 0 and 1, got {fault.rate!r}")
        if fault.status is not None and not 400 <= fault.status <= 599:
            raise ValueError(f"status must be an HTTP error status (400-599), got {fault.status!r}")
        if fault.delay < 0:
            raise ValueError(f"delay must be >= 0 seconds, got {fault.delay!r}")
        if fault.status is None and not fault.drop and not fault.delay:
            raise ValueError("a fault needs a status, a delay or drop=True")
        self._faults.append(fault)
        return fault

    def clear(self) -> None:
        """Remove every fault."""
        self._faults.clear()

    def pick(self, endpoint: str) -> Fault | None:
        """The fault that hits this request to ``endpoint``, if any, counted as fired."""
        for fault in self._faults:
            if fault.exhausted or not fault.matches(endpoint):
                continue
            if fault.rate >= 1.0 or self._random.random() < fault.rate:
                fault.fired += 1
                return fault
        return None


_SETTINGS = {"status": int, "rate": float, "retry_after": float, "delay": float, "times": int}
_METHOD = re.compile(r"[A-Z]+")


def parse_fault(spec: str) -> dict[str, Any]:
    """The keyword arguments of ``Emulator.inject`` for a fault written as on the command line.

    ``[METHOD PATH] key=value ...`` with keys ``status``, ``rate``, ``retry_after``, ``delay``,
    ``times``, and the bare word ``drop``; without an endpoint the fault hits every endpoint.
    A ``ValueError`` says what is wrong.

    >>> parse_fault("POST /fine_tuning/jobs status=429 retry_after=2 rate=0.5")
    {'endpoint': 'POST /fine_tuning/jobs', 'status': 429, 'retry_after': 2.0, 'rate': 0.5}
    >>> parse_fault("drop rate=0.1")
    {'endpoint': None, 'drop': True, 'rate': 0.1}
    """
    words = spec.split()
    out: dict[str, Any] = {"endpoint": None}
    if len(words) >= 2 and _METHOD.fullmatch(words[0]) and words[1].startswith("/"):
        out["endpoint"] = f"{words[0]} {words[1]}"
        words = words[2:]
    if not words:
        raise ValueError(f"fault {spec!r} says nothing to do: give status=CODE, delay=SECONDS or drop")
    for word in words:
        if word == "drop":
            out["drop"] = True
            continue
        key, equals, value = word.partition("=")
        if not equals or key not in _SETTINGS:
            raise ValueError(
                f"fault {spec!r}: {word!r} is not one of {', '.join(f'{k}=...' for k in _SETTINGS)} or drop"
            )
        try:
            out[key] = _SETTINGS[key](value)
        except ValueError:
            raise ValueError(f"fault {spec!r}: {key} must be {_SETTINGS[key].__name__}, got {value!r}") from None
    return out
