from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.create_embedding_request_encoding_format import (
    CreateEmbeddingRequestEncodingFormat,
)
from ..types import UNSET, LazySource, Unset, field_value_error

T = TypeVar("T", bound="CreateEmbeddingRequest")


@_attrs_define
class CreateEmbeddingRequest(LazySource):
    """
    Attributes:
        input_ (list[int] | list[list[int]] | list[str] | str): Input text to embed, encoded as a string or array of
            tokens. To embed multiple inputs in a single request, pass an array of strings or array of token arrays. The
            input must not exceed the max input tokens for the model (8192 tokens for all embedding models), cannot be an
            empty string, and any array must be 2048 dimensions or less. [Example Python
            code](https://cookbook.openai.com/examples/how_to_count_tokens_with_tiktoken) for counting tokens. In addition
            to the per-input token limit, all embedding  models enforce a maximum of 300,000 tokens summed across all inputs
            in a  single request.
             Example: The quick brown fox jumped over the lazy dog.
        model (str): The embedding model, such as `text-embedding-3-large` (on Azure OpenAI, the deployment name).
        encoding_format (CreateEmbeddingRequestEncodingFormat | Unset): The format to return the embeddings in. Can be
            either `float` or [`base64`](https://pypi.org/project/pybase64/). Default:
            CreateEmbeddingRequestEncodingFormat.FLOAT. Example: float.
        dimensions (int | Unset): The number of dimensions the resulting output embeddings should have. Only supported
            in `text-embedding-3` and later models.
    """

    input_: list[int] | list[list[int]] | list[str] | str
    model: str
    encoding_format: CreateEmbeddingRequestEncodingFormat | Unset = CreateEmbeddingRequestEncodingFormat.FLOAT
    dimensions: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        field_dict: dict[str, Any] = {}

        _v: Any
        _v = self.input_
        if _v is not UNSET:
            if _v is None:
                field_dict["input"] = None
            else:
                input_: Any

                if isinstance(_v, list):
                    input_ = _v

                elif isinstance(_v, list):
                    input_ = _v

                elif isinstance(_v, list):
                    input_ = []
                    for input_array_item_data in _v:
                        input_array_item = input_array_item_data

                        input_.append(input_array_item)

                else:
                    input_ = _v
                field_dict["input"] = input_
        _v = self.model
        if _v is not UNSET:
            field_dict["model"] = _v
        _v = self.encoding_format
        if _v is not UNSET:
            if _v is None:
                field_dict["encoding_format"] = None
            else:
                encoding_format: Any
                encoding_format = UNSET
                if not isinstance(_v, Unset):
                    encoding_format = _v.value

                field_dict["encoding_format"] = encoding_format
        _v = self.dimensions
        if _v is not UNSET:
            field_dict["dimensions"] = _v

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """Read the model from a JSON object, leniently and lazily (ftkit, issues 9 and 12).

        Any field the object leaves out, required by the spec or not, reads as `UNSET`, and
        any field sent as null reads as `None`; `to_dict()` gives both back as they came.
        Checked here, eagerly: that `src_dict` is a JSON object (TypeError otherwise), the
        single-value enum tags (`type`, `object`; a different value is a ValueError, so the
        union parsers can tell the members apart) and the unions whose only converted
        members are enums (`"auto" | int`). Fields that need no converting are set here.
        Every other field (nested models, lists of models, unions with models, multi-value
        enums, dates) and `additional_properties` are converted from a shallow copy of
        `src_dict` on first access, and kept; a malformed value raises `FieldValueError`
        (a ValueError naming the model and the field) at that access.
        """
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"CreateEmbeddingRequest: expected a JSON object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        _g: Any = d.get
        create_embedding_request = cls.__new__(cls)
        create_embedding_request._src = d
        try:
            create_embedding_request.model = d["model"]
        except KeyError:
            create_embedding_request.model = _g("model", UNSET)
        create_embedding_request.dimensions = _g("dimensions", UNSET)
        return create_embedding_request

    if not TYPE_CHECKING:
        # Only for the fields from_dict left unset (an unset slot); hidden from type checkers
        # so that a misspelt attribute stays a type error.
        def __getattr__(self, name: str) -> Any:
            load = _LOADERS.get(name)
            if load is None:
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            src = self._src
            try:
                value = load(src)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise field_value_error("CreateEmbeddingRequest", name, exc) from exc
            object.__setattr__(self, name, value)
            return value


def _load_input_(d: dict[str, Any]) -> Any:
    _v: Any = d.get("input", UNSET)
    if _v is None or _v is UNSET:
        return _v

    def _parse_input_(data: object) -> list[int] | list[list[int]] | list[str] | str:
        if isinstance(data, list):
            try:
                input_array = cast("list[str]", data)

                return input_array
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
        if isinstance(data, list):
            try:
                input_array = cast("list[int]", data)

                return input_array
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
        if isinstance(data, list):
            try:
                input_array = []
                _input_array = data
                for input_array_item_data in _input_array:
                    input_array_item = cast("list[int]", input_array_item_data)

                    input_array.append(input_array_item)

                return input_array
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
        return cast("list[int] | list[list[int]] | list[str] | str", data)

    input_ = _parse_input_(_v)

    return input_


def _load_encoding_format(d: dict[str, Any]) -> Any:
    _v: Any = d.get("encoding_format", UNSET)
    if _v is None or _v is UNSET:
        return _v
    _encoding_format = _v
    encoding_format: CreateEmbeddingRequestEncodingFormat | Unset
    if isinstance(_encoding_format, Unset):
        encoding_format = UNSET
    else:
        encoding_format = CreateEmbeddingRequestEncodingFormat(_encoding_format)

    return encoding_format


_LOADERS: dict[str, Any] = {
    "input_": _load_input_,
    "encoding_format": _load_encoding_format,
}
