from enum import Enum


class UploadPartObject(str, Enum):
    UPLOAD_PART = "upload.part"

    def __str__(self) -> str:
        return str(self.value)
