"""What the XeroChat models share: tables, and the PHP / MySQL semantics the vendor's code
relies on (truthiness, string-to-number casts, case-insensitive comparisons, strings out)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sandbox.core.stacks.codeigniter import php_int

# One table per vendor table; a workspace is one XeroChat installation.
USERS = "xerochat.users"
PACKAGES = "xerochat.packages"
PAGES = "xerochat.pages"  # facebook_rx_fb_page_info
SUBSCRIBERS = "xerochat.subscribers"  # messenger_bot_subscriber
LABELS = "xerochat.labels"  # messenger_bot_broadcast_contact_group
CONTACT_GROUPS = "xerochat.contact_groups"  # sms_email_contact_group
CONTACTS = "xerochat.contacts"  # sms_email_contacts
FLOWS = "xerochat.flow_campaigns"  # user_input_flow_campaign
QUESTIONS = "xerochat.flow_questions"  # user_input_flow_questions
ANSWERS = "xerochat.flow_answers"  # user_input_flow_questions_answer
SETTINGS = "xerochat.settings"
# The last id each table gave out (MySQL's AUTO_INCREMENT counter); not exported: a loaded
# installation starts from its highest ids, as MySQL recomputes them on a restart.
AUTO_INCREMENT = "xerochat.auto_increment"

# A subscriber's columns as get_subscriber_info answers them (documented by
# schemas.SubscriberInfo); the fixture stores the text ones as given (fixture_entries.py).
SUBSCRIBER_COLUMNS = (
    "subscriber_id",
    "labels",
    "first_name",
    "last_name",
    "full_name",
    "gender",
    "locale",
    "timezone",
    "page_name",
    "page_id",
    "unavailable",
    "last_error_message",
    "refferer_source",
    "subscribed_at",
    "email",
    "phone_number",
    "birthdate",
    "last_subscriber_interaction_time",
)

ZERO_DATE = "0000-00-00 00:00:00"
DEFAULT_TIMEZONE = "Europe/Dublin"  # XeroChat's fallback when no time_zone is configured


def truthy(value: Any) -> bool:
    """PHP's truthiness of a request value: None, "" and "0" are false."""
    return value not in (None, "", "0")


#: What MySQL (and PHP's (int) cast) makes of a string compared with a number: its leading
#: integer, else 0 ("12abc" -> 12, "abc" -> 0), saturated at PHP's 64-bit limits.
mysql_int = php_int


def same_text(a: Any, b: Any) -> bool:
    """MySQL's utf8_general_ci equality: case-insensitive, trailing spaces ignored."""
    if a is None or b is None:
        return False
    return text_key(a) == text_key(b)


def text_key(value: Any) -> str | None:
    """What values `same_text` finds equal have in common (for `Keyed` lookups, which
    the store indexes); None for NULL, which equals nothing."""
    return None if value is None else str(value).rstrip(" ").casefold()


def php_date(moment: datetime, zone: str) -> str:
    """`date("Y-m-d H:i:s")` in the installation's timezone."""
    try:
        tz: Any = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        tz = ZoneInfo(DEFAULT_TIMEZONE)
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")


def mysql_datetime(value: Any) -> str:
    """A value stored in a DATETIME column in non-strict mode: a date gets midnight,
    anything that is not a date becomes the zero date."""
    text = str(value or "").strip()
    for form, length in (("%Y-%m-%d %H:%M:%S", 19), ("%Y-%m-%d %H:%M", 16), ("%Y-%m-%d", 10)):
        try:
            return datetime.strptime(text[:length], form).strftime("%Y-%m-%d %H:%M:%S")
        except ValueError:
            continue
    return ZERO_DATE


def row(record: dict[str, Any], columns: tuple[str, ...]) -> dict[str, Any]:
    """A database row as mysqli returns it: every value a string, NULL as None."""
    return {column: _db_value(record.get(column)) for column in columns}


def _db_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


#: Widths of the VARCHAR columns the API writes (the install SQL, docs/xerochat-fidelity.md
#: §4 and §5); `notes` is TEXT, 65,535 bytes.
VARCHAR_WIDTHS = {
    "first_name": 100,
    "last_name": 100,
    "phone_number": 50,
    "email": 100,
    "type": 100,
}
TEXT_BYTES = 65535


def mysql_column(value: str, width: int | None = None) -> str:
    """What MySQL keeps of a value: the vendor's connection sets sql_mode='' (no strict
    mode), so an over-long value is cut to the column's width with only a warning.
    VARCHAR(width) counts characters; TEXT (width None) holds 65,535 bytes of utf8mb4,
    cut before a character that would not fit whole."""
    if width is not None:
        return value[:width]
    encoded = value.encode("utf-8")
    if len(encoded) <= TEXT_BYTES:
        return value
    return encoded[:TEXT_BYTES].decode("utf-8", errors="ignore")
