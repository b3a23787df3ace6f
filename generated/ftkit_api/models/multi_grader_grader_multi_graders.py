from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import LazySource, field_value_error

T = TypeVar("T", bound="MultiGraderGraderMultiGraders")


@_attrs_define
class MultiGraderGraderMultiGraders(LazySource):
    additional_properties: dict[
        str, LabelModelGrader | PythonGrader | ScoreModelGrader | StringCheckGrader | TextSimilarityGrader
    ] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _REFERRED_IMPORTED:
            _import_referred()
        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            if isinstance(prop, StringCheckGrader):
                field_dict[prop_name] = prop.to_dict()
            elif isinstance(prop, TextSimilarityGrader):
                field_dict[prop_name] = prop.to_dict()
            elif isinstance(prop, PythonGrader):
                field_dict[prop_name] = prop.to_dict()
            elif isinstance(prop, ScoreModelGrader):
                field_dict[prop_name] = prop.to_dict()
            else:
                field_dict[prop_name] = prop.to_dict()

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
            raise TypeError(f"MultiGraderGraderMultiGraders: expected a JSON object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        _g: Any = d.get
        multi_grader_grader_multi_graders = cls.__new__(cls)
        multi_grader_grader_multi_graders._src = d
        return multi_grader_grader_multi_graders

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
                raise field_value_error("MultiGraderGraderMultiGraders", name, exc) from exc
            object.__setattr__(self, name, value)
            return value

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(
        self, key: str
    ) -> LabelModelGrader | PythonGrader | ScoreModelGrader | StringCheckGrader | TextSimilarityGrader:
        return self.additional_properties[key]

    def __setitem__(
        self,
        key: str,
        value: LabelModelGrader | PythonGrader | ScoreModelGrader | StringCheckGrader | TextSimilarityGrader,
    ) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


if TYPE_CHECKING:
    from ..models.label_model_grader import LabelModelGrader
    from ..models.python_grader import PythonGrader
    from ..models.score_model_grader import ScoreModelGrader
    from ..models.string_check_grader import StringCheckGrader
    from ..models.text_similarity_grader import TextSimilarityGrader

_REFERRED_IMPORTED = False


def _import_referred() -> None:
    """Import the models this one refers to (once: the first read of a field holding models, or `to_dict`)."""
    global _REFERRED_IMPORTED, LabelModelGrader, PythonGrader, ScoreModelGrader, StringCheckGrader, TextSimilarityGrader
    from ..models.label_model_grader import LabelModelGrader
    from ..models.python_grader import PythonGrader
    from ..models.score_model_grader import ScoreModelGrader
    from ..models.string_check_grader import StringCheckGrader
    from ..models.text_similarity_grader import TextSimilarityGrader

    _REFERRED_IMPORTED = True


_KNOWN: frozenset[str] = frozenset(())


def _load_additional_properties(
    d: dict[str, Any],
) -> dict[str, LabelModelGrader | PythonGrader | ScoreModelGrader | StringCheckGrader | TextSimilarityGrader]:
    if not _REFERRED_IMPORTED:
        _import_referred()
    additional_properties: dict[
        str, LabelModelGrader | PythonGrader | ScoreModelGrader | StringCheckGrader | TextSimilarityGrader
    ] = {}
    for prop_name, prop_dict in d.items():
        if prop_name in _KNOWN:
            continue

        def _parse_additional_property(
            data: object,
        ) -> LabelModelGrader | PythonGrader | ScoreModelGrader | StringCheckGrader | TextSimilarityGrader:
            if isinstance(data, dict):
                try:
                    additional_property_type_0 = StringCheckGrader.from_dict(data)

                    return additional_property_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
            if isinstance(data, dict):
                try:
                    additional_property_type_1 = TextSimilarityGrader.from_dict(data)

                    return additional_property_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
            if isinstance(data, dict):
                try:
                    additional_property_type_2 = PythonGrader.from_dict(data)

                    return additional_property_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
            if isinstance(data, dict):
                try:
                    additional_property_type_3 = ScoreModelGrader.from_dict(data)

                    return additional_property_type_3
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
            if not isinstance(data, dict):
                raise TypeError()
            additional_property_type_4 = LabelModelGrader.from_dict(data)

            return additional_property_type_4
            raise TypeError(f"unexpected {type(data).__name__}")

        additional_property = _parse_additional_property(prop_dict)

        additional_properties[prop_name] = additional_property
    return additional_properties


_LOADERS: dict[str, Any] = {
    "additional_properties": _load_additional_properties,
}
