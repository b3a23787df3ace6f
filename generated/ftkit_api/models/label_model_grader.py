from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.label_model_grader_type import LabelModelGraderType
from ..types import UNSET, LazySource, field_value_error

T = TypeVar("T", bound="LabelModelGrader")


@_attrs_define
class LabelModelGrader(LazySource):
    """A LabelModelGrader object which uses a model to assign labels to each item
    in the evaluation.

        Attributes:
            type_ (LabelModelGraderType): The object type, which is always `label_model`.
            name (str): The name of the grader.
            model (str): The model to use for the evaluation. Must support structured outputs.
            input_ (list[EvalMessageObject]):
            labels (list[str]): The labels to assign to each item in the evaluation.
            passing_labels (list[str]): The labels that indicate a passing result. Must be a subset of labels.
    """

    type_: LabelModelGraderType
    name: str
    model: str
    input_: list[EvalMessageObject]
    labels: list[str]
    passing_labels: list[str]
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
        _v = self.labels
        if _v is not UNSET:
            if _v is None:
                field_dict["labels"] = None
            else:
                labels: Any
                labels = _v

                field_dict["labels"] = labels
        _v = self.passing_labels
        if _v is not UNSET:
            if _v is None:
                field_dict["passing_labels"] = None
            else:
                passing_labels: Any
                passing_labels = _v

                field_dict["passing_labels"] = passing_labels

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
            raise TypeError(f"LabelModelGrader: expected a JSON object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        _g: Any = d.get
        label_model_grader = cls.__new__(cls)
        label_model_grader._src = d
        try:
            label_model_grader.name = d["name"]
            label_model_grader.model = d["model"]
            label_model_grader.labels = d["labels"]
            label_model_grader.passing_labels = d["passing_labels"]
        except KeyError:
            label_model_grader.name = _g("name", UNSET)
            label_model_grader.model = _g("model", UNSET)
            label_model_grader.labels = _g("labels", UNSET)
            label_model_grader.passing_labels = _g("passing_labels", UNSET)
        _v = _g("type", UNSET)
        if _v is None or _v is UNSET:
            label_model_grader.type_ = _g("type", UNSET)
        else:
            type_ = LabelModelGraderType(_v)

            label_model_grader.type_ = type_
        return label_model_grader

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
                raise field_value_error("LabelModelGrader", name, exc) from exc
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

_REFERRED_IMPORTED = False


def _import_referred() -> None:
    """Import the models this one refers to (once: the first read of a field holding models, or `to_dict`)."""
    global _REFERRED_IMPORTED, EvalMessageObject
    from ..models.eval_message_object import EvalMessageObject

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


_KNOWN: frozenset[str] = frozenset(
    (
        "type",
        "name",
        "model",
        "input",
        "labels",
        "passing_labels",
    )
)


def _load_additional_properties(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in _KNOWN}


_LOADERS: dict[str, Any] = {
    "input_": _load_input_,
    "additional_properties": _load_additional_properties,
}
