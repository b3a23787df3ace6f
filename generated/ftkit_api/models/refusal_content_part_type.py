from enum import Enum


class RefusalContentPartType(str, Enum):
    REFUSAL = "refusal"

    def __str__(self) -> str:
        return str(self.value)
