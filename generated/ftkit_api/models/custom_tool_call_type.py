from enum import Enum


class CustomToolCallType(str, Enum):
    CUSTOM = "custom"

    def __str__(self) -> str:
        return str(self.value)
