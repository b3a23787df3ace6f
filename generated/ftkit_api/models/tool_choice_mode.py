from enum import Enum
from typing import Any


class ToolChoiceMode(str, Enum):
    AUTO = "auto"
    NONE = "none"
    REQUIRED = "required"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: Any) -> "ToolChoiceMode | None":
        # Lenient reading: a value the spec does not list yet (a new status, say) is kept
        # as the string it is, as a member created for it, instead of raising ValueError.
        # Single-value enums (a `type` or `object` tag) stay strict: the generated code
        # tells the members of a union apart by them.
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member
