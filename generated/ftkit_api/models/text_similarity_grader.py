from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.text_similarity_grader_evaluation_metric import (
    TextSimilarityGraderEvaluationMetric,
)
from ..models.text_similarity_grader_type import TextSimilarityGraderType
from ..types import UNSET, LazySource, field_value_error

T = TypeVar("T", bound="TextSimilarityGrader")


@_attrs_define
class TextSimilarityGrader(LazySource):
    """A TextSimilarityGrader object which grades text based on similarity metrics.

    Attributes:
        type_ (TextSimilarityGraderType): The type of grader. Default: TextSimilarityGraderType.TEXT_SIMILARITY.
        name (str): The name of the grader.
        input_ (str): The text being graded.
        reference (str): The text being graded against.
        evaluation_metric (TextSimilarityGraderEvaluationMetric): The evaluation metric to use. One of `cosine`,
            `fuzzy_match`, `bleu`,
            `gleu`, `meteor`, `rouge_1`, `rouge_2`, `rouge_3`, `rouge_4`, `rouge_5`,
            or `rouge_l`.
    """

    name: str
    input_: str
    reference: str
    evaluation_metric: TextSimilarityGraderEvaluationMetric
    type_: TextSimilarityGraderType = TextSimilarityGraderType.TEXT_SIMILARITY
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
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
        _v = self.input_
        if _v is not UNSET:
            field_dict["input"] = _v
        _v = self.reference
        if _v is not UNSET:
            field_dict["reference"] = _v
        _v = self.evaluation_metric
        if _v is not UNSET:
            if _v is None:
                field_dict["evaluation_metric"] = None
            else:
                evaluation_metric: Any
                evaluation_metric = _v.value
                field_dict["evaluation_metric"] = evaluation_metric

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
            raise TypeError(f"TextSimilarityGrader: expected a JSON object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        _g: Any = d.get
        text_similarity_grader = cls.__new__(cls)
        text_similarity_grader._src = d
        try:
            text_similarity_grader.name = d["name"]
            text_similarity_grader.input_ = d["input"]
            text_similarity_grader.reference = d["reference"]
        except KeyError:
            text_similarity_grader.name = _g("name", UNSET)
            text_similarity_grader.input_ = _g("input", UNSET)
            text_similarity_grader.reference = _g("reference", UNSET)
        _v = _g("type", UNSET)
        if _v is None or _v is UNSET:
            text_similarity_grader.type_ = _g("type", UNSET)
        else:
            type_ = TextSimilarityGraderType(_v)

            text_similarity_grader.type_ = type_
        return text_similarity_grader

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
                raise field_value_error("TextSimilarityGrader", name, exc) from exc
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


def _load_evaluation_metric(d: dict[str, Any]) -> Any:
    _v: Any = d.get("evaluation_metric", UNSET)
    if _v is None or _v is UNSET:
        return _v
    evaluation_metric = TextSimilarityGraderEvaluationMetric(_v)

    return evaluation_metric


_KNOWN: frozenset[str] = frozenset(
    (
        "type",
        "name",
        "input",
        "reference",
        "evaluation_metric",
    )
)


def _load_additional_properties(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in _KNOWN}


_LOADERS: dict[str, Any] = {
    "evaluation_metric": _load_evaluation_metric,
    "additional_properties": _load_additional_properties,
}
