"""A requests-and-tokens-per-minute budget, shared by the flows of one run.

Before its request, each flow asks :meth:`Budget.wait` for a slot: the budget spaces requests
``60 / requests_per_minute`` seconds apart and keeps ``tokens_per_minute`` by spacing them by
their tokens too (a request's tokens are its prompt and the most it may answer, as OpenAI counts
them against the limit), so no 60-second window holds more than ``requests_per_minute``
requests, and the tokens of any window stay within the limit to one request. A flow that is
early waits (``Sleep``), then asks again: a slot is taken only at the moment its request goes.

The time is the driver's (``Now``, ``Sleep``), or a virtual clock's (the emulator's manual
clock: waiting advances it, nothing sleeps), as ``watch.Poller`` does.

>>> budget = Budget(requests_per_minute=60)
>>> flow = budget.wait(tokens=10)
>>> next(flow)
Now()
>>> flow.send(100.0)
Traceback (most recent call last):
  ...
StopIteration
>>> flow = budget.wait(tokens=10); _ = next(flow); flow.send(100.5)
Sleep(seconds=0.5)
"""

from __future__ import annotations

import math
import threading
from typing import TYPE_CHECKING

from .._flow import Now, Sleep
from ..errors import ValidationError

if TYPE_CHECKING:
    from .._flow import Flow
    from ..watch import VirtualClock

__all__ = ["Budget"]


class Budget:
    """At most ``requests_per_minute`` requests and ``tokens_per_minute`` tokens a minute
    (None: no limit), on ``clock`` (None: the driver's time)."""

    def __init__(
        self,
        requests_per_minute: float | None = None,
        tokens_per_minute: float | None = None,
        clock: VirtualClock | None = None,
    ) -> None:
        for name, value in (("requests_per_minute", requests_per_minute), ("tokens_per_minute", tokens_per_minute)):
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0
            ):
                raise ValidationError(name, value, "None or a number > 0")
        self.requests_per_minute = requests_per_minute
        self.tokens_per_minute = tokens_per_minute
        self._clock = clock
        self._lock = threading.Lock()
        self._next_request = -math.inf
        self._next_tokens = -math.inf

    @property
    def limited(self) -> bool:
        return self.requests_per_minute is not None or self.tokens_per_minute is not None

    def wait(self, tokens: int) -> Flow[None]:
        """A flow step: return when a request of ``tokens`` tokens may go (its slot taken)."""
        if not self.limited:
            return
        while True:
            now: float = self._clock.now() if self._clock is not None else (yield Now())
            with self._lock:
                slot = max(now, self._next_request, self._next_tokens)
                if slot <= now:
                    if self.requests_per_minute is not None:
                        self._next_request = now + 60.0 / self.requests_per_minute
                    if self.tokens_per_minute is not None:
                        self._next_tokens = now + 60.0 * tokens / self.tokens_per_minute
                    return
                if self._clock is not None:
                    # Advance to the slot (never back: another flow may have moved it further).
                    self._clock.advance(max(0.0, slot - self._clock.now()))
                    continue
            yield Sleep(slot - now)

    def __repr__(self) -> str:
        return f"Budget(requests_per_minute={self.requests_per_minute}, tokens_per_minute={self.tokens_per_minute})"
