from enum import Enum


class ChatCompletionAllowedToolsChoiceType(str, Enum):
    ALLOWED_TOOLS = "allowed_tools"

    def __str__(self) -> str:
        return str(self.value)
