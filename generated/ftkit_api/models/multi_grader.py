from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.multi_grader_type import MultiGraderType
from ..types import UNSET, LazySource, field_value_error

T = TypeVar("T", bound="MultiGrader")


@_attrs_define
class MultiGrader(LazySource):
    """A MultiGrader object combines the output of multiple graders to produce a single score.

    Attributes:
        type_ (MultiGraderType): The object type, which is always `multi`. Default: MultiGraderType.MULTI.
        name (str): The name of the grader.
        calculate_output (str): A formula to calculate the output based on grader results.
        graders (list[LabelModelGrader | PythonGrader | ScoreModelGrader | StringCheckGrader | TextSimilarityGrader] |
            MultiGraderGraderMultiGraders): The graders to combine, by name; the names are the variables of
            `calculate_output`.
    """

    name: str
    calculate_output: str
    graders: (
        list[LabelModelGrader | PythonGrader | ScoreModelGrader | StringCheckGrader | TextSimilarityGrader]
        | MultiGraderGraderMultiGraders
    )
    type_: MultiGraderType = MultiGraderType.MULTI
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
        _v = self.calculate_output
        if _v is not UNSET:
            field_dict["calculate_output"] = _v
        _v = self.graders
        if _v is not UNSET:
            if _v is None:
                field_dict["graders"] = None
            else:
                graders: Any

                if isinstance(_v, MultiGraderGraderMultiGraders):
                    graders = _v.to_dict()
                else:
                    graders = []
                    for graders_type_1_item_data in _v:
                        graders_type_1_item: dict[str, Any]
                        if isinstance(graders_type_1_item_data, StringCheckGrader):
                            graders_type_1_item = graders_type_1_item_data.to_dict()
                        elif isinstance(graders_type_1_item_data, TextSimilarityGrader):
                            graders_type_1_item = graders_type_1_item_data.to_dict()
                        elif isinstance(graders_type_1_item_data, PythonGrader):
                            graders_type_1_item = graders_type_1_item_data.to_dict()
                        elif isinstance(graders_type_1_item_data, ScoreModelGrader):
                            graders_type_1_item = graders_type_1_item_data.to_dict()
                        else:
                            graders_type_1_item = graders_type_1_item_data.to_dict()

                        graders.append(graders_type_1_item)

                field_dict["graders"] = graders

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
            raise TypeError(f"MultiGrader: expected a JSON object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        _g: Any = d.get
        multi_grader = cls.__new__(cls)
        multi_grader._src = d
        try:
            multi_grader.name = d["name"]
            multi_grader.calculate_output = d["calculate_output"]
        except KeyError:
            multi_grader.name = _g("name", UNSET)
            multi_grader.calculate_output = _g("calculate_output", UNSET)
        _v = _g("type", UNSET)
        if _v is None or _v is UNSET:
            multi_grader.type_ = _g("type", UNSET)
        else:
            type_ = MultiGraderType(_v)

            multi_grader.type_ = type_
        return multi_grader

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
                raise field_value_error("MultiGrader", name, exc) from exc
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
    from ..models.label_model_grader import LabelModelGrader
    from ..models.multi_grader_grader_multi_graders import MultiGraderGraderMultiGraders
    from ..models.python_grader import PythonGrader
    from ..models.score_model_grader import ScoreModelGrader
    from ..models.string_check_grader import StringCheckGrader
    from ..models.text_similarity_grader import TextSimilarityGrader

_REFERRED_IMPORTED = False


def _import_referred() -> None:
    """Import the models this one refers to (once: the first read of a field holding models, or `to_dict`)."""
    global \
        _REFERRED_IMPORTED, \
        LabelModelGrader, \
        MultiGraderGraderMultiGraders, \
        PythonGrader, \
        ScoreModelGrader, \
        StringCheckGrader, \
        TextSimilarityGrader
    from ..models.label_model_grader import LabelModelGrader
    from ..models.multi_grader_grader_multi_graders import MultiGraderGraderMultiGraders
    from ..models.python_grader import PythonGrader
    from ..models.score_model_grader import ScoreModelGrader
    from ..models.string_check_grader import StringCheckGrader
    from ..models.text_similarity_grader import TextSimilarityGrader

    _REFERRED_IMPORTED = True


def _load_graders(d: dict[str, Any]) -> Any:
    _v: Any = d.get("graders", UNSET)
    if _v is None or _v is UNSET:
        return _v
    if not _REFERRED_IMPORTED:
        _import_referred()

    def _parse_graders(
        data: object,
    ) -> (
        list[LabelModelGrader | PythonGrader | ScoreModelGrader | StringCheckGrader | TextSimilarityGrader]
        | MultiGraderGraderMultiGraders
    ):
        if isinstance(data, dict):
            try:
                graders_grader_multi_graders = MultiGraderGraderMultiGraders.from_dict(data)

                return graders_grader_multi_graders
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
        if not isinstance(data, list):
            raise TypeError()
        graders_type_1 = []
        _graders_type_1 = data
        for graders_type_1_item_data in _graders_type_1:

            def _parse_graders_type_1_item(
                data: object,
            ) -> LabelModelGrader | PythonGrader | ScoreModelGrader | StringCheckGrader | TextSimilarityGrader:
                if isinstance(data, dict):
                    try:
                        graders_type_1_item_type_0 = StringCheckGrader.from_dict(data)

                        return graders_type_1_item_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                if isinstance(data, dict):
                    try:
                        graders_type_1_item_type_1 = TextSimilarityGrader.from_dict(data)

                        return graders_type_1_item_type_1
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                if isinstance(data, dict):
                    try:
                        graders_type_1_item_type_2 = PythonGrader.from_dict(data)

                        return graders_type_1_item_type_2
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                if isinstance(data, dict):
                    try:
                        graders_type_1_item_type_3 = ScoreModelGrader.from_dict(data)

                        return graders_type_1_item_type_3
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                if not isinstance(data, dict):
                    raise TypeError()
                graders_type_1_item_type_4 = LabelModelGrader.from_dict(data)

                return graders_type_1_item_type_4
                raise TypeError(f"unexpected {type(data).__name__}")

            graders_type_1_item = _parse_graders_type_1_item(graders_type_1_item_data)

            graders_type_1.append(graders_type_1_item)

        return graders_type_1
        raise TypeError(f"unexpected {type(data).__name__}")

    graders = _parse_graders(_v)

    return graders


_KNOWN: frozenset[str] = frozenset(
    (
        "type",
        "name",
        "calculate_output",
        "graders",
    )
)


def _load_additional_properties(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in _KNOWN}


_LOADERS: dict[str, Any] = {
    "graders": _load_graders,
    "additional_properties": _load_additional_properties,
}
