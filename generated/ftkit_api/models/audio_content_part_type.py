from enum import Enum


class AudioContentPartType(str, Enum):
    INPUT_AUDIO = "input_audio"

    def __str__(self) -> str:
        return str(self.value)
