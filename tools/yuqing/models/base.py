"""The base model: unknown fields are errors, numbers written where text is meant are kept as text."""

from pydantic import BaseModel, ConfigDict


class StrictModel(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        coerce_numbers_to_str=True,
        str_strip_whitespace=True,
        frozen=False,
        use_enum_values=False,
        defer_build=True,  # built on first use: a warm check never validates a record
    )
