"""Duplicate detection in about 15 bytes per example, naming the earlier line.

A Python ``set`` of line hashes costs about 100 bytes per example (a 32-byte int object
plus the set's slots at its load factor). :class:`LineIndex` keeps the same 64-bit hashes
in two flat arrays instead:

- ``keys``: one 8-byte hash per line, indexed by line number (0 for lines without an
  example), appended as the file is read;
- ``slots``: an open-addressing table (linear probing) of 4-byte line numbers, kept between
  half and three quarters full, so 5.3 to 8 bytes per distinct example.

A probe compares the hash stored for the slot's line with the new one, so a hit gives the
first line with the same text at once: the file is read only once, which is what lets a
pipe or a stream be checked.
"""

from __future__ import annotations

import sys
from array import array

#: Line numbers are kept in 32 bits; past this line the index stops (``add`` raises OverflowError).
MAX_LINE = 0xFFFF_FFFF

_MIN_CAPACITY = 1 << 10
_MAX_LOAD = 0.75  # grow past this load ...
_GROWTH = 1.4  # ... by this factor, which leaves it just over half full (16 bytes a line at most)
_RESERVE_LOAD = 0.7


def _zeros(n: int) -> array[int]:
    # Repetition allocates exactly n items; array("I", bytes(...)) would add 6% of slack.
    return array("I", [0]) * n


class LineIndex:
    """Which earlier line, if any, had the same 64-bit key.

    Keys are added in increasing line order; a line may be skipped (a blank or invalid line
    has no key). ``reserve`` sizes the table for an expected number of lines up front,
    which saves the rehashing of growth.

    >>> index = LineIndex()
    >>> index.add(1, 111), index.add(2, 222), index.add(4, 111)
    (0, 0, 1)
    >>> index.find(222), index.find(333)
    (2, 0)
    """

    __slots__ = ("_capacity", "_count", "_grow_at", "keys", "slots")

    def __init__(self, expected: int = 0) -> None:
        self.keys = array("q", [0])  # index 0 is no line: line numbers start at 1
        self._capacity = _MIN_CAPACITY
        self.slots = _zeros(self._capacity)
        self._count = 0
        self._grow_at = int(self._capacity * _MAX_LOAD)
        if expected:
            self.reserve(expected)

    def __len__(self) -> int:
        """The number of distinct keys."""
        return self._count

    @property
    def nbytes(self) -> int:
        """Memory held by the two arrays, allocated capacity included."""
        return sys.getsizeof(self.keys) + sys.getsizeof(self.slots)

    def add(self, line: int, key: int) -> int:
        """Record ``key`` for ``line``; the earlier line with the same key, or 0 if it is new.

        Raises ``OverflowError`` past line :data:`MAX_LINE` and ``ValueError`` if lines do not
        increase.
        """
        keys = self.keys
        have = len(keys)
        if have != line:
            if have > line:
                raise ValueError(f"line {line} was added after line {have - 1}: lines must increase")
            if line > MAX_LINE:
                raise OverflowError(f"line {line} is past the last line the index can hold ({MAX_LINE})")
            keys.frombytes(bytes(8 * (line - have)))
        keys.append(key)
        slots = self.slots
        capacity = self._capacity
        i = key % capacity
        while True:
            ref = slots[i]
            if not ref:
                slots[i] = line  # OverflowError past MAX_LINE
                self._count += 1
                if self._count > self._grow_at:
                    self._resize(int(capacity * _GROWTH))
                return 0
            if keys[ref] == key:
                return ref
            i += 1
            if i == capacity:
                i = 0

    def find(self, key: int) -> int:
        """The first line with ``key``, or 0."""
        keys = self.keys
        slots = self.slots
        capacity = self._capacity
        i = key % capacity
        while True:
            ref = slots[i]
            if not ref:
                return 0
            if keys[ref] == key:
                return ref
            i += 1
            if i == capacity:
                i = 0

    def reserve(self, expected: int) -> None:
        """Make room for ``expected`` distinct keys in all, so the table need not grow before."""
        # A little under the growth threshold, so an estimate slightly short still fits.
        capacity = int(expected / _RESERVE_LOAD) + 1
        if capacity > self._capacity:
            self._resize(capacity)

    def _resize(self, capacity: int) -> None:
        keys = self.keys
        old = self.slots
        slots = _zeros(capacity)
        for ref in old:
            if ref:
                i = keys[ref] % capacity
                while slots[i]:
                    i += 1
                    if i == capacity:
                        i = 0
                slots[i] = ref
        self.slots = slots
        self._capacity = capacity
        self._grow_at = int(capacity * _MAX_LOAD)
