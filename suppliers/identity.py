"""Finnish personal identity codes (henkilötunnus) and business IDs (Y-tunnus), through python-stdnum.

Codes are validated with the century signs of the 2023 reform (Y X W V U for the 1900s, B C D E F for the
2000s). Individual numbers 900–999 are accepted: they are the artificial range used in demo and test data.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_exceptions
from stdnum import iban as stdnum_iban
from stdnum.fi import hetu, ytunnus

MASK = "****"
_FORMAT_MESSAGE = _(
    "That is not a personal identity code: expected DDMMYYCZZZQ "
    "(date of birth, century sign, individual number, check character)."
)


def normalize_identity_code(value: str) -> str:
    """The canonical form of an identity code, or ValidationError with a message a person can act on."""
    candidate = (value or "").strip()
    if not candidate:
        raise ValidationError(_("Enter a personal identity code."), code="identity_code_required")
    try:
        return hetu.validate(candidate, allow_temporary=True)
    except stdnum_exceptions.InvalidChecksum as exc:
        raise ValidationError(
            _("The personal identity code's check character is wrong."), code="identity_code_checksum"
        ) from exc
    except stdnum_exceptions.InvalidComponent as exc:
        # stdnum says the same for an impossible date and for the individual numbers 000 and 001, which are
        # never issued: only the first is about the date of birth.
        try:
            birth_date_of(hetu.compact(candidate))
        except ValueError:
            raise ValidationError(
                _("The personal identity code's date of birth is not a real date."), code="identity_code_date"
            ) from exc
        raise ValidationError(_FORMAT_MESSAGE, code="identity_code_format") from exc
    except stdnum_exceptions.ValidationError as exc:
        raise ValidationError(_FORMAT_MESSAGE, code="identity_code_format") from exc


def mask_identity_code(value: str) -> str:
    """Date of birth and century sign stay visible; the individual number and check character do not."""
    if len(value) < 7:
        return MASK
    return value[:7] + MASK


def birth_date_of(identity_code: str) -> datetime.date:
    century = hetu._century_codes[identity_code[6]]
    return datetime.date(century + int(identity_code[4:6]), int(identity_code[2:4]), int(identity_code[0:2]))


def normalize_business_id(value: str) -> str:
    candidate = (value or "").strip()
    try:
        return ytunnus.format(ytunnus.validate(candidate))
    except stdnum_exceptions.InvalidChecksum as exc:
        raise ValidationError(_("The business ID's check digit is wrong."), code="business_id_checksum") from exc
    except stdnum_exceptions.ValidationError as exc:
        raise ValidationError(_("That is not a business ID: expected 1234567-8."), code="business_id_format") from exc


def validate_identity_code(value: str) -> None:
    normalize_identity_code(value)


def validate_business_id(value: str) -> None:
    normalize_business_id(value)


def normalize_iban(value: str) -> str:
    """The IBAN in its compact form (FI21 1234 5600 0007 85 → FI2112345600000785), or ValidationError."""
    candidate = (value or "").strip()
    try:
        return stdnum_iban.validate(candidate)
    except stdnum_exceptions.ValidationError as exc:
        raise ValidationError(_("That is not a valid IBAN account number."), code="iban_invalid") from exc


def validate_iban(value: str) -> None:
    if value:
        normalize_iban(value)
