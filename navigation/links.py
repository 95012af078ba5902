"""What a menu item may link to when it is a typed-in address."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

_absolute = URLValidator(schemes=["http", "https"])


def validate_menu_url(value):
    """An http(s) address or a path on this site ("/about/"). Nothing else:
    javascript: and data: run in the reader's page; "//host" and "/\\host"
    are other sites that look like paths (browsers read a backslash as a
    slash); spaces and control characters are how the first two get past
    a naive check ("java\\tscript:")."""
    if any(character.isspace() or ord(character) < 32 or ord(character) == 127 for character in value):
        raise ValidationError(_("An address cannot contain spaces or control characters."), code="whitespace")
    if "\\" in value:
        raise ValidationError(_("An address cannot contain a backslash."), code="backslash")
    if value.startswith("/"):
        if value.startswith("//"):
            raise ValidationError(
                _("Start a path on this site with a single slash, or give the full address with https://."),
                code="protocol_relative",
            )
        return
    try:
        _absolute(value)
    except ValidationError:
        raise ValidationError(
            _("Give a full address starting with https:// or http://, or a path on this site starting with /."),
            code="scheme",
        ) from None
