"""Duplicate detection in about 15 bytes per line, naming the earlier line.

A Python ``set`` of line hashes costs 70 to 105 bytes per example (a 32-byte int object
plus the set's 16-byte slots at its load factor). :class:`LineIndex` keeps the same 64-bit
hashes in two flat arrays instead:

- ``keys``: one 8-byte hash per line, indexed by line number (-1, which Python's ``hash``
  never returns, for lines without an example), appended as the file is read (8.5 bytes a
  line with the array's slack);
- ``slots``: an open-addressing table (linear probing) of 4-byte line numbers, at most
  three quarters full; it grows by 1.4 times, which leaves it just over half full, so
  5.3 to 7.5 bytes per distinct example: 16 bytes a line at most.

A probe compares the hash stored for the slot's line with the new one, so a hit gives the
first line with the same text at once: the file is read only once, which is what lets a
pipe or a stream be checked.

Growing re-inserts every key from ``keys`` into a new table, after the old one is let go,
so a growth holds no more than the grown table (in Python, about 250 ns a key; three
times over in all at a growth factor of 1.4). When the reader can tell how many lines the
whole file has (a regular file: its size over the bytes read so far, per line),
``expect`` lets a growth jump up to 4 times towards that size instead, which saves most of
the re-inserting; until the expected lines arrive, the table is emptier than that.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Callable

#: Line numbers are kept in 32 bits; past this line the index stops (``add`` raises OverflowError).
MAX_LINE = 0xFFFF_FFFF
# The key of a line without one. Python's hash() never returns -1; a key of -1 is taken as -2, as hash() does.
_NO_KEY = -1

_MIN_CAPACITY = 1 << 10
_MAX_LOAD = 0.75  # grow past this load ...
_GROWTH = 1.4  # ... by this factor, which leaves it just over half full (16 bytes a line at most)
_MAX_JUMP = 4  # ... or, towards an expected size, by up to this factor
_EXPECT_LOAD = 0.7  # the load an expected size is sized for


def _zeros(n: int) -> array[int]:
    # Repetition allocates exactly n items; array("I", bytes(...)) would add 6% of slack.
    return array("I", [0]) * n


class LineIndex:
    """Which earlier line, if any, had the same 64-bit key.

    Keys are added in increasing line order; a line may be skipped (a blank or invalid line
    has no key). A key of -1 is taken as -2 (as ``hash`` does). ``expect``, if given, is
    called when the table must grow, with the number of lines added so far, and answers
    how many lines there will be in all (an estimate).

    >>> index = LineIndex()
    >>> index.add(1, 111), index.add(2, 222), index.add(4, 111)
    (0, 0, 1)
    >>> index.find(222), index.find(333)
    (2, 0)
    """

    __slots__ = ("_capacity", "_limit", "_room", "expect", "keys", "slots")

    def __init__(self, expect: Callable[[int], int | None] | None = None) -> None:
        self.keys = array("q", [_NO_KEY])  # index 0 is no line: line numbers start at 1
        self._capacity = _MIN_CAPACITY
        self.slots = _zeros(self._capacity)
        self._limit = int(self._capacity * _MAX_LOAD)  # distinct keys the table takes before it grows
        self._room = self._limit  # of which still free (one counter to update on the hot path)
        self.expect = expect

    def __len__(self) -> int:
        """The number of distinct keys."""
        return self._limit - self._room

    @property
    def capacity(self) -> int:
        """Slots in the table."""
        return self._capacity

    @property
    def nbytes(self) -> int:
        """Memory held by the two arrays, allocated capacity included."""
        return sys.getsizeof(self.keys) + sys.getsizeof(self.slots)

    def add(self, line: int, key: int) -> int:
        """Record ``key`` for ``line``; the earlier line with the same key, or 0 if it is new.

        Raises ``OverflowError`` past line :data:`MAX_LINE` and ``ValueError`` if lines do not
        increase.
        """
        if key == -1:  # _NO_KEY, as a constant: this runs for every line
            key = -2
        keys = self.keys
        have = len(keys)
        if have != line:
            if have > line:
                raise ValueError(f"line {line} was added after line {have - 1}: lines must increase")
            if line > MAX_LINE:
                raise OverflowError(f"line {line} is past the last line the index can hold ({MAX_LINE})")
            keys.extend(array("q", [_NO_KEY]) * (line - have))
        keys.append(key)
        slots = self.slots
        capacity = self._capacity
        i = key % capacity
        while True:
            ref = slots[i]
            if not ref:
                slots[i] = line  # OverflowError past MAX_LINE
                self._room -= 1
                if self._room < 0:
                    del slots  # so the old table can go before the new one is built
                    self._grow(line)
                return 0
            if keys[ref] == key:
                return ref
            i += 1
            if i == capacity:
                i = 0

    def find(self, key: int) -> int:
        """The first line with ``key``, or 0."""
        if key == _NO_KEY:
            key = -2
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

    def _grow(self, lines: int) -> None:
        capacity = int(self._capacity * _GROWTH)
        expected = None if self.expect is None else self.expect(lines)
        if expected:
            wanted = int(expected / _EXPECT_LOAD) + 1
            capacity = max(capacity, min(wanted, self._capacity * _MAX_JUMP))
        self._resize(capacity)

    def _resize(self, capacity: int) -> None:
        # Rebuilt from the keys, in line order, so a key's first line wins; the old table is
        # released first, so the growth never holds two tables.
        self.slots = _zeros(0)
        keys = self.keys
        slots = _zeros(capacity)
        for line, key in enumerate(keys):
            if key == _NO_KEY:
                continue
            i = key % capacity
            while True:
                ref = slots[i]
                if not ref:
                    slots[i] = line
                    break
                if keys[ref] == key:
                    break  # a later line with the same key
                i += 1
                if i == capacity:
                    i = 0
        count = len(self)
        self.slots = slots
        self._capacity = capacity
        self._limit = int(capacity * _MAX_LOAD)
        self._room = self._limit - count
