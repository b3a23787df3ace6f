from enum import Enum


class CustomToolCustomToolPropertiesGrammarFormatType(str, Enum):
    GRAMMAR = "grammar"

    def __str__(self) -> str:
        return str(self.value)
