from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.score_model_grader_type import ScoreModelGraderType
from ..types import UNSET, LazySource, Unset, field_value_error

T = TypeVar("T", bound="ScoreModelGrader")


@_attrs_define
class ScoreModelGrader(LazySource):
    """A ScoreModelGrader object that uses a model to assign a score to the input.

    Attributes:
        type_ (ScoreModelGraderType): The object type, which is always `score_model`.
        name (str): The name of the grader.
        model (str): The model to use for the evaluation.
        input_ (list[EvalMessageObject]): The input messages evaluated by the grader. Supports text, output text, input
            image, and input audio content blocks, and may include template strings.
        sampling_params (ScoreModelGraderSamplingParams | Unset): The sampling parameters for the model.
        range_ (list[float] | Unset): The range of the score. Defaults to `[0, 1]`.
    """

    type_: ScoreModelGraderType
    name: str
    model: str
    input_: list[EvalMessageObject]
    sampling_params: ScoreModelGraderSamplingParams | Unset = UNSET
    range_: list[float] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _REFERRED_IMPORTED:
            _import_referred()
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        _v: Any
        _v = self.type_
        if _v is not UNSET:
            if _v is None:
                field_dict["type"] = None
            else:
                type_: Any
                type_ = _v.value
                field_dict["type"] = type_
        _v = self.name
        if _v is not UNSET:
            field_dict["name"] = _v
        _v = self.model
        if _v is not UNSET:
            field_dict["model"] = _v
        _v = self.input_
        if _v is not UNSET:
            if _v is None:
                field_dict["input"] = None
            else:
                input_: Any
                input_ = []
                for input_item_data in _v:
                    input_item = input_item_data.to_dict()
                    input_.append(input_item)

                field_dict["input"] = input_
        _v = self.sampling_params
        if _v is not UNSET:
            if _v is None:
                field_dict["sampling_params"] = None
            else:
                sampling_params: Any
                sampling_params = UNSET
                if not isinstance(_v, Unset):
                    sampling_params = _v.to_dict()
                field_dict["sampling_params"] = sampling_params
        _v = self.range_
        if _v is not UNSET:
            if _v is None:
                field_dict["range"] = None
            else:
                range_: Any
                range_ = UNSET
                if not isinstance(_v, Unset):
                    range_ = _v

                field_dict["range"] = range_

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
            raise TypeError(f"ScoreModelGrader: expected a JSON object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        _g: Any = d.get
        score_model_grader = cls.__new__(cls)
        score_model_grader._src = d
        try:
            score_model_grader.name = d["name"]
            score_model_grader.model = d["model"]
        except KeyError:
            score_model_grader.name = _g("name", UNSET)
            score_model_grader.model = _g("model", UNSET)
        _v = _g("type", UNSET)
        if _v is None or _v is UNSET:
            score_model_grader.type_ = _g("type", UNSET)
        else:
            type_ = ScoreModelGraderType(_v)

            score_model_grader.type_ = type_
        score_model_grader.range_ = _g("range", UNSET)
        return score_model_grader

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
                raise field_value_error("ScoreModelGrader", name, exc) from exc
            object.__setattr__(self, name, value)
            return value

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


if TYPE_CHECKING:
    from ..models.eval_message_object import EvalMessageObject
    from ..models.score_model_grader_sampling_params import (
        ScoreModelGraderSamplingParams,
    )

_REFERRED_IMPORTED = False


def _import_referred() -> None:
    """Import the models this one refers to (once: the first read of a field holding models, or `to_dict`)."""
    global _REFERRED_IMPORTED, EvalMessageObject, ScoreModelGraderSamplingParams
    from ..models.eval_message_object import EvalMessageObject
    from ..models.score_model_grader_sampling_params import (
        ScoreModelGraderSamplingParams,
    )

    _REFERRED_IMPORTED = True


def _load_input_(d: dict[str, Any]) -> Any:
    _v: Any = d.get("input", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()
    input_ = []
    _input_ = _v
    for input_item_data in _input_:
        input_item = EvalMessageObject.from_dict(input_item_data)

        input_.append(input_item)

    return input_


def _load_sampling_params(d: dict[str, Any]) -> Any:
    _v: Any = d.get("sampling_params", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()
    _sampling_params = _v
    sampling_params: ScoreModelGraderSamplingParams | Unset
    if isinstance(_sampling_params, Unset):
        sampling_params = UNSET
    else:
        sampling_params = ScoreModelGraderSamplingParams.from_dict(_sampling_params)

    return sampling_params


_KNOWN: frozenset[str] = frozenset(
    (
        "type",
        "name",
        "model",
        "input",
        "sampling_params",
        "range",
    )
)


def _load_additional_properties(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in _KNOWN}


_LOADERS: dict[str, Any] = {
    "input_": _load_input_,
    "sampling_params": _load_sampling_params,
    "additional_properties": _load_additional_properties,
}
