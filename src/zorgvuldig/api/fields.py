"""Serializer pieces shared by the API's operations, with fixed Dutch messages (P12).

DRF's own messages for choices and relations repeat the value that was sent (``"x" is not a
valid choice``); an error answer must never echo input, which may be personal data. Its
messages for booleans and dates are (half) English. The helpers here replace those messages by
fixed Dutch texts: use :class:`BooleanField`, :class:`DateField`, :class:`DateTimeField` and
:class:`Text` instead of DRF's own (a test checks that the API modules do).
:class:`StrictInputSerializer` rejects fields the API does not know, so a typo is not silently
dropped.

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


_REQUIRED_MESSAGES = {
    "required": gettext_lazy("Dit veld is verplicht."),
    "null": gettext_lazy("Dit veld mag niet leeg zijn."),
}


class BooleanField(serializers.BooleanField):
    """A yes/no field; DRF's own message is English (``Must be a valid boolean.``)."""

    default_error_messages = {
        **_REQUIRED_MESSAGES,
        "invalid": gettext_lazy("Kies ja of nee: true of false."),
    }


class DateField(serializers.DateField):
    """A date as ``JJJJ-MM-DD``; DRF's message is half English and names its format codes."""

    default_error_messages = {
        **_REQUIRED_MESSAGES,
        "invalid": gettext_lazy("Geef een datum op als JJJJ-MM-DD, zoals 2026-01-31."),
        "datetime": gettext_lazy("Geef alleen een datum op, zonder tijd."),
    }


class DateTimeField(serializers.DateTimeField):
    """A moment in ISO 8601; DRF's messages are half English and name the time zone."""

    default_error_messages = {
        **_REQUIRED_MESSAGES,
        "invalid": gettext_lazy(
            "Geef een datum en tijd op als JJJJ-MM-DDTuu:mm, zoals 2026-01-31T09:30+01:00."
        ),
        "date": gettext_lazy("Geef een datum én een tijd op."),
        "make_aware": gettext_lazy("Dit tijdstip bestaat niet in de Nederlandse tijdzone."),
        "overflow": gettext_lazy("Deze datum en tijd liggen buiten het geldige bereik."),
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
