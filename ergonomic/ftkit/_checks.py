"""Checks of user input, shared by every builder and coercion of ftkit.

Each check takes the argument's name (dotted for nested values, such as
``method.dpo.hyperparameters.beta``) and the value, returns the value as it will be sent
(numbers as plain ``int``/``float``, mappings as ``dict``) and raises
:class:`ftkit.errors.ValidationError` naming the argument, the value and what is allowed.
The builders and the dict paths (``as_method``, ``as_grader``, ...) call the same
functions, so a rule lives in one place.

>>> check_seed(42)
42
>>> check_suffix("x" * 65)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
ftkit.errors.ValidationError: suffix: 'xxx...' is not allowed; expected a string of 1 to 64 characters
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, Final, Protocol, overload, runtime_checkable

from .errors import ValidationError

if TYPE_CHECKING:
    from ftkit_api.models.metadata_type_0 import MetadataType0

__all__ = [
    "MAX_IN_FLIGHT",
    "MISSING",
    "Bounds",
    "check_choice",
    "check_id",
    "check_job_ids",
    "check_limit",
    "check_list",
    "check_max_in_flight",
    "check_metadata",
    "check_object",
    "check_seed",
    "check_str",
    "check_suffix",
    "check_timeout",
    "enum_values",
    "json_form",
]

# Limits documented in spec/effective.yaml (CreateFineTuningJobRequest.suffix, .seed, Metadata).
SUFFIX_MAX_LENGTH: Final = 64
METADATA_MAX_PAIRS: Final = 16
METADATA_KEY_MAX_LENGTH: Final = 64
METADATA_VALUE_MAX_LENGTH: Final = 512
SEED_MAX: Final = 2_147_483_647


class _Missing:
    # Stands for a required key that is absent, so the value checks can say "nothing is not
    # allowed; expected ..." with the same wording they use for a wrong value.
    def __repr__(self) -> str:
        return "nothing"


MISSING: Final = _Missing()


@runtime_checkable
class _HasToDict(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


def json_form(value: Any) -> Any:
    """The JSON form of a generated model (through its ``to_dict``) or of a list of them;
    anything else as it is.

    Generated models are checked by converting them and running the dict checks, so a model
    built by hand gets exactly the scrutiny of a dict; the command line prints answers the
    same way.

    >>> from ftkit_api.models.fine_tune_method import FineTuneMethod
    >>> from ftkit_api.models.fine_tune_method_type import FineTuneMethodType
    >>> json_form(FineTuneMethod(type_=FineTuneMethodType.DPO))
    {'type': 'dpo'}
    >>> json_form([FineTuneMethod(type_=FineTuneMethodType.DPO), 1])
    [{'type': 'dpo'}, 1]
    """
    if isinstance(value, list):
        return [json_form(item) for item in value]
    if isinstance(value, _HasToDict) and not isinstance(value, Mapping):
        return value.to_dict()
    return value


def enum_values(enum: type[Enum]) -> tuple[str, ...]:
    """The values a generated enum declares (not the ones it would accept leniently).

    The generated enums keep unknown values when reading answers, so they cannot check
    what we send; their declared members are still the spec's list.

    >>> from ftkit_api.models.fine_tune_method_type import FineTuneMethodType
    >>> enum_values(FineTuneMethodType)
    ('dpo', 'reinforcement', 'supervised')
    """
    return tuple(str(member.value) for member in enum)


def check_object(
    argument: str, value: object, keys: Collection[str], *, what: str = "an object (a dict)"
) -> dict[str, Any]:
    """``value`` (a mapping or a generated model) as a dict whose keys are all among ``keys``.

    An unknown key is an error naming it: strict in what we send.

    >>> check_object("wandb", {"project": "p"}, ("project", "name"))
    {'project': 'p'}
    >>> check_object("wandb", {"projct": "p"}, ("project", "name"))
    Traceback (most recent call last):
    ...
    ftkit.errors.ValidationError: wandb: 'projct' is not allowed; expected a key among name, project
    """
    value = json_form(value)
    if not isinstance(value, Mapping):
        raise ValidationError(argument, value, what)
    for key in value:
        if not isinstance(key, str) or key not in keys:
            raise ValidationError(argument, key, f"a key among {', '.join(sorted(keys))}")
    return dict(value)


#: What no id of the API holds: whitespace, control characters, and the URL's own separators.
_BAD_ID = re.compile(r"[\s\x00-\x1f\x7f/?#]")
_ID_ALLOWED = "a non-empty id string with no spaces, control characters, '/', '?' or '#'"


def check_id(argument: str, value: object) -> str:
    """An object id the API will look up: a non-empty string with no space, control
    character, ``/``, ``?`` or ``#`` (each would send the request to another URL or to none).

    >>> check_id("job_id", "ftjob-abc")
    'ftjob-abc'
    >>> check_id("job_id", "ftjob abc")
    Traceback (most recent call last):
    ...
    ftkit.errors.ValidationError: job_id: 'ftjob abc' is not allowed; expected a non-empty id string with no ...
    """
    if not isinstance(value, str) or not value.strip() or _BAD_ID.search(value):
        raise ValidationError(argument, value, _ID_ALLOWED)
    return value


def check_bool(argument: str, value: object) -> bool:
    """A flag: True or False, nothing that merely looks like one.

    >>> check_bool("fine_tuned", True)
    True
    """
    if not isinstance(value, bool):
        raise ValidationError(argument, value, "True or False")
    return value


def check_limit(value: object, maximum: int) -> int | None:
    """A page size: None (the API's default) or an integer from 1 to ``maximum``.

    >>> check_limit(20, 100)
    20
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= maximum:
        raise ValidationError("limit", value, f"an integer from 1 to {maximum}")
    return value


def check_job_ids(job_ids: object) -> list[str]:
    """A list of job ids (``wait_all``), each checked.

    >>> check_job_ids(("ftjob-a", "ftjob-b"))
    ['ftjob-a', 'ftjob-b']
    """
    # A lone string is a sequence too; iterating it would wait for one job per character.
    if isinstance(job_ids, (str, bytes)) or not isinstance(job_ids, Sequence):
        raise ValidationError("job_ids", job_ids, "a list of job ids")
    return [check_id(f"job_ids[{i}]", job_id) for i, job_id in enumerate(job_ids)]


#: The most requests anything ftkit runs together may have in flight (``wait_all``, an
#: Upload's parts, ``export``): the blocking client sends them from a thread each.
MAX_IN_FLIGHT = 64


def check_max_in_flight(value: object, argument: str = "max_in_flight") -> int:
    """How many requests may be in flight at once (``max_in_flight``, or ``argument`` as the
    caller named it): an integer from 1 to ``MAX_IN_FLIGHT``.

    >>> check_max_in_flight(4)
    4
    >>> check_max_in_flight(0, "concurrency")
    Traceback (most recent call last):
    ...
    ftkit.errors.ValidationError: concurrency: 0 is not allowed; expected an integer from 1 to 64
    """
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_IN_FLIGHT:
        raise ValidationError(argument, value, f"an integer from 1 to {MAX_IN_FLIGHT}")
    return value


def check_timeout(timeout: object) -> float | None:
    """A wait's ``timeout``: None (no limit) or a number of seconds >= 0.

    >>> check_timeout(60)
    60.0
    """
    if timeout is None:
        return None
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout >= 0:
        raise ValidationError("timeout", timeout, "None or a number of seconds >= 0")
    return float(timeout)


def check_list(argument: str, value: object, *, what: str = "a list", min_items: int = 0) -> list[Any]:
    """``value`` (a list or tuple, not a string) as a list of at least ``min_items`` items.

    >>> check_list("tags", ("a", "b"))
    ['a', 'b']
    """
    if not isinstance(value, (list, tuple)) or len(value) < min_items:
        raise ValidationError(argument, value, what)
    return list(value)


def check_str(argument: str, value: object, *, allow_empty: bool = False, max_length: int | None = None) -> str:
    """``value`` if it is a string (non-empty unless ``allow_empty``, at most ``max_length``).

    >>> check_str("name", "my grader")
    'my grader'
    """
    if max_length is not None:
        what = f"a string of {0 if allow_empty else 1} to {max_length} characters"
    else:
        what = "a string" if allow_empty else "a non-empty string"
    if not isinstance(value, str) or (not value and not allow_empty):
        raise ValidationError(argument, value, what)
    if max_length is not None and len(value) > max_length:
        raise ValidationError(argument, value, what)
    return value


def check_choice(argument: str, value: object, choices: Collection[str], *, note: str = "") -> str:
    """``value`` if it is one of ``choices``; ``note`` is added to the explanation.

    >>> check_choice("operation", "eq", ("eq", "ne"))
    'eq'
    >>> check_choice("operation", "equals", ("eq", "ne"))
    Traceback (most recent call last):
    ...
    ftkit.errors.ValidationError: operation: 'equals' is not allowed; expected one of eq, ne
    """
    if not isinstance(value, str) or value not in choices:
        raise ValidationError(argument, value, f"one of {', '.join(choices)}{note}")
    return value


@dataclass(frozen=True)
class Bounds:
    """A documented numeric range: an integer or any number, with optional limits.

    >>> Bounds(integer=True, minimum=1, maximum=50).check("n_epochs", "auto", auto=True)
    'auto'
    >>> Bounds(integer=True, minimum=1, maximum=50).check("n_epochs", 51, auto=True)
    Traceback (most recent call last):
    ...
    ftkit.errors.ValidationError: n_epochs: 51 is not allowed; expected 'auto' or an integer from 1 to 50
    """

    integer: bool
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False

    def describe(self) -> str:
        """What the range allows, in words: ``'an integer from 1 to 50'``."""
        kind = "an integer" if self.integer else "a number"
        low, high = self.minimum, self.maximum
        if low is not None and high is not None and not self.exclusive_minimum:
            return f"{kind} from {_number(low)} to {_number(high)}"
        parts = []
        if low is not None:
            parts.append(f"greater than {_number(low)}" if self.exclusive_minimum else f"of at least {_number(low)}")
        if high is not None:
            parts.append(f"at most {_number(high)}")
        return " ".join([kind, " and ".join(parts)]) if parts else kind

    def check(self, argument: str, value: object, *, auto: bool = False) -> int | float | str:
        """``value`` as a plain ``int``/``float`` inside the range, or ``"auto"`` if ``auto``."""
        if auto and isinstance(value, str) and value == "auto":
            return "auto"
        return self.check_number(argument, value, allowed_prefix="'auto' or " if auto else "")

    def check_number(self, argument: str, value: object, *, allowed_prefix: str = "") -> int | float:
        """``value`` as a plain ``int``/``float`` inside the range.

        >>> Bounds(integer=False, minimum=0, exclusive_minimum=True).check_number("beta", 0.1)
        0.1
        """
        allowed = allowed_prefix + self.describe()
        # bool is an int to Python but not a number to the API.
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise ValidationError(argument, value, allowed)
        number: int | float
        if isinstance(value, numbers.Integral):
            number = int(value)
        elif self.integer:
            raise ValidationError(argument, value, allowed)
        else:
            number = value if isinstance(value, float) else float(value)
        if not math.isfinite(number):
            raise ValidationError(argument, value, allowed)
        low, high = self.minimum, self.maximum
        if low is not None and (number <= low if self.exclusive_minimum else number < low):
            raise ValidationError(argument, value, allowed)
        if high is not None and number > high:
            raise ValidationError(argument, value, allowed)
        return number


def _number(value: float) -> str:
    # 2147483647 rather than 2.14748e+09, 0.00001 rather than 1e-05.
    return str(int(value)) if float(value).is_integer() else f"{value:f}".rstrip("0")


SEED_BOUNDS: Final = Bounds(integer=True, minimum=0, maximum=SEED_MAX)


@overload
def check_suffix(suffix: None) -> None: ...
@overload
def check_suffix(suffix: str) -> str: ...
def check_suffix(suffix: str | None) -> str | None:
    """A job's ``suffix``: a string of 1 to 64 characters (``None`` means not given).

    The API documents no character set beyond the length, so none is imposed here.

    >>> check_suffix("custom-model-name")
    'custom-model-name'
    """
    if suffix is None:
        return None
    return check_str("suffix", suffix, max_length=SUFFIX_MAX_LENGTH)


@overload
def check_metadata(metadata: None) -> None: ...
@overload
def check_metadata(metadata: Mapping[str, str] | MetadataType0) -> dict[str, str]: ...
def check_metadata(metadata: Mapping[str, str] | MetadataType0 | None) -> dict[str, str] | None:
    """A job's ``metadata``: at most 16 pairs, keys of at most 64 characters, string values
    of at most 512 (``None`` means not given).

    >>> check_metadata({"team": "search"})
    {'team': 'search'}
    """
    if metadata is None:
        return None
    value = json_form(metadata)
    if not isinstance(value, Mapping) or len(value) > METADATA_MAX_PAIRS:
        raise ValidationError("metadata", value, f"a dict of at most {METADATA_MAX_PAIRS} key-value pairs")
    checked: dict[str, str] = {}
    for key, item in value.items():
        if not isinstance(key, str) or not 1 <= len(key) <= METADATA_KEY_MAX_LENGTH:
            allowed = f"keys that are strings of 1 to {METADATA_KEY_MAX_LENGTH} characters"
            raise ValidationError("metadata", key, allowed)
        if not isinstance(item, str) or len(item) > METADATA_VALUE_MAX_LENGTH:
            allowed = f"a string of at most {METADATA_VALUE_MAX_LENGTH} characters"
            raise ValidationError(f"metadata[{key!r}]", item, allowed)
        checked[key] = item
    return checked


@overload
def check_seed(seed: None) -> None: ...
@overload
def check_seed(seed: int) -> int: ...
def check_seed(seed: int | None) -> int | None:
    """A job's ``seed``: an integer from 0 to 2147483647 (``None`` means not given).

    >>> check_seed(True)
    Traceback (most recent call last):
    ...
    ftkit.errors.ValidationError: seed: True is not allowed; expected an integer from 0 to 2147483647
    """
    if seed is None:
        return None
    return int(SEED_BOUNDS.check_number("seed", seed))
