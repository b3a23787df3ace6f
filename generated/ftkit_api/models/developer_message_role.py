from enum import Enum


class DeveloperMessageRole(str, Enum):
    DEVELOPER = "developer"

    def __str__(self) -> str:
        return str(self.value)
