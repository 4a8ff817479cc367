"""Free text and names as the portal accepts and exports them.

Control characters (C0 except tab, newline and carriage return, DEL, C1), the bidirectional embedding,
override and isolate marks, and whatever openpyxl refuses in a cell have no place in a name or a note: they
break spreadsheets (openpyxl raises on them) and can make a text read differently from what it holds (bidi
overrides). One validator refuses them at input; the model fields below carry it (and a length limit), so
pages' forms, API serializers and the workbook importer all refuse the same characters with the same message.
`printable` strips them from rows stored before the rule, so an export never fails on one.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# C0 controls but tab (09), newline (0A) and carriage return (0D); DEL and the C1 controls; the bidi embedding and
# override marks (202A–202E) and isolates (2066–2069). openpyxl's ILLEGAL_CHARACTERS_RE is a subset of the C0 part.
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
CONTROL_CHARACTERS = re.compile(f"[{_CONTROL}]")

# A Finnish personal identity code anywhere in a text (DDMMYY, century sign, individual number, check character):
# what the log formatter masks and the test run's privacy guard looks for.
IDENTITY_CODE_IN_TEXT = re.compile(
    r"(?<![0-9A-Za-z])(?:0[1-9]|[12][0-9]|3[01])(?:0[1-9]|1[0-2])[0-9]{2}[-+A-FU-Y][0-9]{3}[0-9A-Y](?![0-9A-Za-z])"
)

# Free text (notes, comments, goals, reasons) is at most this long: a page of text, not a file.
FREE_TEXT_MAX_LENGTH = 5000


@deconstructible
class NoControlCharactersValidator:
    """Refuses control and bidirectional-control characters; the message names the first one by code point
    (never the text itself, which may be personal data)."""

    code = "control_character"

    def __call__(self, value: Any) -> None:
        if not isinstance(value, str):
            return
        match = CONTROL_CHARACTERS.search(value)
        if match:
            raise ValidationError(
                _(
                    "The text contains a control character (U+%(code_point)s) at position %(position)s; "
                    "remove it and try again."
                ),
                code=self.code,
                params={"code_point": f"{ord(match.group()):04X}", "position": match.start() + 1},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NoControlCharactersValidator)

    def __hash__(self) -> int:
        return hash(self.code)


validate_no_control_characters = NoControlCharactersValidator()


def text_errors(value: str, *, max_length: int = FREE_TEXT_MAX_LENGTH) -> list[str]:
    """The messages a free text given outside a model field (a service's own input) gets: empty when it is fine."""
    errors: list[str] = []
    for validator in (validate_no_control_characters, MaxLengthValidator(max_length)):
        try:
            validator(value)
        except ValidationError as exc:
            errors.extend(exc.messages)
    return errors


def without_identity_codes(text: str) -> str:
    """The text with every identity code in it masked as the portal shows them (date of birth and sign only)."""
    return IDENTITY_CODE_IN_TEXT.sub(lambda match: match.group()[:7] + "****", text)


def printable(value: str) -> str:
    """The text without control characters, for an export of rows stored before they were refused."""
    return CONTROL_CHARACTERS.sub("", value)


class NameField(models.CharField):
    """A one-line name or title: a CharField that refuses control characters."""

    default_validators = [validate_no_control_characters]


class FreeTextField(models.TextField):
    """A note, comment, goal or reason: refuses control characters and is at most FREE_TEXT_MAX_LENGTH long.

    A TextField's max_length reaches forms and serializers but Django does not validate it on the model; the
    validator here does, so `full_clean` (the services) refuses an oversize text too."""

    default_validators = [validate_no_control_characters]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", FREE_TEXT_MAX_LENGTH)
        super().__init__(*args, **kwargs)
        self.validators.append(MaxLengthValidator(self.max_length))


class NameFormField(forms.CharField):
    """A one-line text on a page's form: refused there, next to the field, when it holds a control character."""

    default_validators = [validate_no_control_characters]


class FreeTextFormField(forms.CharField):
    """A note or comment on a page's form: as `FreeTextField`, refused next to the field."""

    default_validators = [validate_no_control_characters]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", FREE_TEXT_MAX_LENGTH)
        super().__init__(*args, **kwargs)
