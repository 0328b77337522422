"""The base of tracker.model's classes: records as pydantic's models hold them, without pydantic's
model machinery.

An instance keeps its fields in `__dict__`, which fields were given in `__pydantic_fields_set__`
and what the loader stamps on it in `__pydantic_private__`, as a pydantic model does, because
pydantic_core fills them so: each class validates with the core schema pydantic made from the
format's definition (tracker.core_schema), compiled the first time the class validates. What the
rest of tracker asks of a model (`model_validate`, `model_dump`, `model_copy`, `model_fields`,
equality, hashing, the frozen fields) behaves as pydantic's `BaseModel` does; the tests compare
the two (tests/test_core_schema.py).
"""

from __future__ import annotations

import operator
import sys
from typing import Any, ClassVar, NamedTuple

REQUIRED: Any = object()
"""The default of a field that has none (pydantic's PydanticUndefined)."""


class FieldDefault(NamedTuple):
    """What `model_fields` tells of a field here: its default or the factory of one."""

    default: Any
    default_factory: Any


_validators: dict[type, Any] = {}
_serializers: dict[type, Any] = {}
_fields: dict[type, dict[str, FieldDefault]] = {}


def validators_built() -> int:
    """How many classes have compiled their validator in this process (for the cache's test)."""
    return len(_validators)


def _classes(cls: type) -> dict[str, type]:
    """The classes a schema of `cls` names: those of its module (tracker.model)."""
    return vars(sys.modules[cls.__module__])


class _ClassProperty:
    def __init__(self, getter: Any) -> None:
        self.getter = getter

    def __get__(self, obj: Any, cls: type) -> Any:
        return self.getter(cls)


def _model_schema(schema: dict[str, Any]) -> dict[str, Any]:
    while schema["type"] != "model":
        schema = schema["schema"]
    return schema


def _field_defaults(cls: type) -> dict[str, FieldDefault]:
    found = _fields.get(cls)
    if found is None:
        from tracker.core_schema import schema_of

        found = {}
        for name, field in _model_schema(schema_of(cls.__name__, _classes(cls))[0])["schema"]["fields"].items():
            inner = field["schema"]
            if inner["type"] == "default":
                found[name] = FieldDefault(inner.get("default", REQUIRED), inner.get("default_factory"))
            else:
                found[name] = FieldDefault(REQUIRED, None)
        _fields[cls] = found
    return found


_names: dict[type, Any] = {}


def _field_names(cls: type) -> Any:
    """The names of a class's fields, in order, read from the kept core schema as is (no class or
    function in it made): what a record restored from the load cache is checked against."""
    found = _names.get(cls)
    if found is None:
        from tracker import core_schema

        schema = core_schema.kept(cls.__name__)
        found = _names[cls] = _model_schema(schema)["schema"]["fields"].keys()
    return found


class PlainModel:
    __slots__ = ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__")

    _private_defaults: ClassVar[dict[str, Any]] = {}
    """The attributes the loader stamps on a record, and what they are until it does."""

    model_fields = _ClassProperty(_field_defaults)

    def __init__(self, **data: Any) -> None:
        type(self)._validator().validate_python(data, self_instance=self)

    @classmethod
    def _validator(cls) -> Any:
        found = _validators.get(cls)
        if found is None:
            from pydantic_core import SchemaValidator

            found = _validators[cls] = cls._built(SchemaValidator)
        return found

    @classmethod
    def _serializer(cls) -> Any:
        found = _serializers.get(cls)
        if found is None:
            from pydantic_core import SchemaSerializer

            found = _serializers[cls] = cls._built(SchemaSerializer)
        return found

    @classmethod
    def _built(cls, kind: Any) -> Any:
        """A pydantic_core validator or serializer of the class, from the kept core schema."""
        from tracker.core_schema import schema_of

        return kind(*schema_of(cls.__name__, _classes(cls)))

    @classmethod
    def model_validate(cls, obj: Any) -> Any:
        return cls._validator().validate_python(obj)

    @classmethod
    def restore(cls, fields: dict[str, Any], fields_set: set[str], private: dict[str, Any]) -> Any:
        """A record as it was kept (the load cache's: every field, valid when it was kept), its
        `fields` dict its own."""
        if fields.keys() != _field_names(cls):
            raise ValueError(f"not the fields of {cls.__name__}")
        obj = cls.__new__(cls)
        object.__setattr__(obj, "__dict__", fields)
        object.__setattr__(obj, "__pydantic_fields_set__", fields_set)
        object.__setattr__(obj, "__pydantic_extra__", None)
        obj.model_post_init(None)
        if private:
            obj.__pydantic_private__.update(private)
        return obj

    def model_post_init(self, context: Any, /) -> None:
        object.__setattr__(self, "__pydantic_private__", dict(self._private_defaults) if self._private_defaults else None)

    @property
    def model_fields_set(self) -> set[str]:
        return self.__pydantic_fields_set__

    def model_dump(
        self,
        *,
        mode: str = "python",
        include: Any = None,
        exclude: Any = None,
        exclude_unset: bool = False,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
    ) -> dict[str, Any]:
        return type(self)._serializer().to_python(
            self,
            mode=mode,
            include=include,
            exclude=exclude,
            exclude_unset=exclude_unset,
            exclude_defaults=exclude_defaults,
            exclude_none=exclude_none,
        )

    def model_copy(self, *, update: dict[str, Any] | None = None) -> Any:
        """A shallow copy; `update` is not validated (as pydantic's)."""
        copied = self.__copy__()
        if update:
            copied.__dict__.update(update)
            object.__setattr__(copied, "__pydantic_fields_set__", copied.__pydantic_fields_set__ | update.keys())
        return copied

    def __copy__(self) -> Any:
        cls = type(self)
        copied = cls.__new__(cls)
        object.__setattr__(copied, "__dict__", dict(self.__dict__))
        object.__setattr__(copied, "__pydantic_extra__", None)
        object.__setattr__(copied, "__pydantic_fields_set__", set(self.__pydantic_fields_set__))
        private = getattr(self, "__pydantic_private__", None)
        object.__setattr__(copied, "__pydantic_private__", None if private is None else dict(private))
        return copied

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Any:
        from copy import deepcopy

        memo = {} if memo is None else memo
        cls = type(self)
        copied = cls.__new__(cls)
        memo[id(self)] = copied
        object.__setattr__(copied, "__dict__", deepcopy(self.__dict__, memo))
        object.__setattr__(copied, "__pydantic_extra__", None)
        object.__setattr__(copied, "__pydantic_fields_set__", set(self.__pydantic_fields_set__))
        private = getattr(self, "__pydantic_private__", None)
        object.__setattr__(copied, "__pydantic_private__", None if private is None else deepcopy(private, memo))
        return copied

    def __getstate__(self) -> dict[str, Any]:
        return {
            "__dict__": self.__dict__,
            "__pydantic_extra__": self.__pydantic_extra__,
            "__pydantic_fields_set__": self.__pydantic_fields_set__,
            "__pydantic_private__": getattr(self, "__pydantic_private__", None),
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)

    def __getattr__(self, name: str) -> Any:
        private = object.__getattribute__(self, "__pydantic_private__") if name in self._private_defaults else None
        if private is not None:
            return private[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self._private_defaults:
            self.__pydantic_private__[name] = value
            return
        from pydantic_core import ValidationError

        raise ValidationError.from_exception_data(type(self).__name__, [{"type": "frozen_instance", "loc": (name,), "input": value}])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PlainModel):
            return NotImplemented
        if not (
            type(self) is type(other)
            and getattr(self, "__pydantic_private__", None) == getattr(other, "__pydantic_private__", None)
            and (self.__pydantic_extra__ or {}) == (other.__pydantic_extra__ or {})
        ):
            return False
        if self.__dict__ == other.__dict__:
            return True
        names = _field_defaults(type(self)).keys()
        if self.__dict__.keys() <= names and other.__dict__.keys() <= names:
            return False
        getter = operator.itemgetter(*names)
        try:
            return getter(self.__dict__) == getter(other.__dict__)
        except KeyError:
            return False

    def __hash__(self) -> int:
        return hash(operator.itemgetter(*_field_defaults(type(self)))(self.__dict__))

    def __iter__(self) -> Any:
        yield from ((k, v) for k, v in self.__dict__.items() if not k.startswith("_"))

    def _repr_args(self) -> list[tuple[str, Any]]:
        names = _field_defaults(type(self))
        return [(k, v) for k, v in self.__dict__.items() if k in names]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self._repr_args())})"

    def __str__(self) -> str:
        return " ".join(f"{k}={v!r}" for k, v in self._repr_args())


class _SharedFieldsSet:
    """The slot of `__pydantic_fields_set__`, through which every record with the same fields set
    holds one set: pydantic_core makes a set for each record it validates, and a load of 100,000
    positions holds about 360,000 records whose sets are a few dozen distinct ones (a set of a few
    names takes 200-700 bytes: more than the record's fields dict). No record changes its set in
    place (model_copy gives the copy a new one), so sharing it changes nothing they tell."""

    def __init__(self, slot: Any) -> None:
        self.slot = slot
        self.shared: dict[frozenset[str], set[str]] = {}

    def __get__(self, obj: Any, cls: type | None = None) -> Any:
        return self if obj is None else self.slot.__get__(obj, cls)

    def __set__(self, obj: Any, value: set[str]) -> None:
        key = frozenset(value)
        found = self.shared.get(key)
        if found is None:
            found = self.shared[key] = set(key)
        self.slot.__set__(obj, found)


PlainModel.__pydantic_fields_set__ = _SharedFieldsSet(PlainModel.__dict__["__pydantic_fields_set__"])  # type: ignore[misc]
