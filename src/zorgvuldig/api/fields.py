"""Serializer pieces shared by the API's operations, with fixed Dutch messages (P12).

DRF's own messages for choices and relations repeat the value that was sent (``"x" is not a
valid choice``); an error answer must never echo input, which may be personal data. The
helpers here replace those messages by fixed texts. :class:`StrictInputSerializer` rejects
fields the API does not know, so a typo is not silently dropped.

References to other objects in answers are small, fixed shapes: a resident by ``public_id`` and
name, an employee by id and name.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

_CHOICE_MESSAGES = {"invalid_choice": gettext_lazy("Kies een geldige waarde.")}
_RELATED_MESSAGES = {
    "does_not_exist": gettext_lazy("Deze keuze bestaat niet."),
    "incorrect_type": gettext_lazy("Geef een geldige id op."),
    "invalid": gettext_lazy("Geef een geldige waarde op."),
    "not_a_list": gettext_lazy("Geef een lijst op."),
}


class Text(serializers.CharField):
    """A text field with Dutch messages that DRF's translation lacks or words differently."""

    default_error_messages = {
        "invalid": gettext_lazy("Geef hier tekst op."),
        "required": gettext_lazy("Dit veld is verplicht."),
    }


def choice(choices, **kwargs) -> serializers.ChoiceField:
    """A choice field whose error message does not repeat the value sent."""
    return serializers.ChoiceField(choices=choices, error_messages=_CHOICE_MESSAGES, **kwargs)


def related(queryset, **kwargs) -> serializers.PrimaryKeyRelatedField:
    """A reference by id to a non-personal object (team, project, employee)."""
    return serializers.PrimaryKeyRelatedField(
        queryset=queryset, error_messages=_RELATED_MESSAGES, **kwargs
    )


def related_slugs(queryset, slug_field: str, **kwargs) -> serializers.SlugRelatedField:
    """A list of references by a unique slug (register categories, recipients)."""
    return serializers.SlugRelatedField(
        queryset=queryset,
        slug_field=slug_field,
        many=True,
        error_messages=_RELATED_MESSAGES,
        **kwargs,
    )


def resident_reference(**kwargs) -> serializers.UUIDField:
    """The ``public_id`` of a resident; looked up inside the gate (404 when out of reach)."""
    return serializers.UUIDField(
        error_messages={"invalid": gettext_lazy("Geef de id (UUID) van een inwoner op.")},
        help_text="`public_id` of a resident the employee may process for this purpose.",
        **kwargs,
    )


@extend_schema_field(OpenApiTypes.BINARY)
class UploadField(serializers.FileField):
    """An uploaded file; ``core.uploads`` checks it, so empty files pass here to get its reason."""

    def __init__(self, **kwargs):
        super().__init__(allow_empty_file=True, use_url=False, **kwargs)


class StrictInputSerializer(serializers.Serializer):
    """Unknown fields are rejected (`validation_failed`), so a typo is not silently dropped."""

    def to_internal_value(self, data):
        errors: dict = {}
        value = {}
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            errors.update(exc.detail)
        if isinstance(data, Mapping):
            for name in sorted(set(data) - set(self.fields)):
                errors[name] = [_("Dit veld bestaat niet.")]
        if errors:
            raise serializers.ValidationError(errors)
        return value


@extend_schema_serializer(component_name="ResidentRef")
class ResidentRefSerializer(serializers.Serializer):
    public_id = serializers.UUIDField()
    full_name = serializers.CharField()


@extend_schema_serializer(component_name="EmployeeRef")
class EmployeeRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, employee) -> str:
        return employee.user.get_full_name() or employee.user.get_username()
