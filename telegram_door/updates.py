"""Reading a Bot API `Update` (CONTRACT section 3, Telegram): what it is, who sent it, what it says.

Decoding is python-telegram-bot's `Update.de_json` with no `Bot` (its shortcut methods, which
would call the API, stay unavailable; dates are read as UTC). Only private chats are answered:
a text or a command, a tap on an inline button (`callback_query`), or an attachment. Edited
messages, groups and channels, member changes and unknown kinds are stored but never answered.

A photo is fetched later by its file id (`Incoming.photo`, see `telegram_door.files`): the
largest of its sizes within `photos.images.MAX_BYTES`, or a JPEG, PNG or WebP sent as a file
(customers send uncompressed photos that way), which counts as an `image` attachment.
"""

from __future__ import annotations

import logging
from typing import Any, TypeGuard

from telegram import CallbackQuery, Chat, ChatMember, Document, Message, Update

from handlers import payloads
from handlers.messages import Incoming
from photos.limits import MAX_BYTES

log = logging.getLogger(__name__)

CHANNEL = "telegram"
_COMMANDS = {"/start": payloads.GET_STARTED, "/help": payloads.HELP}
_ATTACHMENTS = (
    ("photo", "image"), ("sticker", "sticker"), ("voice", "audio"), ("audio", "audio"), ("video", "video"),
    ("video_note", "video"), ("animation", "video"), ("document", "file"), ("location", "location"),
    ("contact", "contact"),
)
_IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})


def update_id_of(raw: dict[str, Any]) -> int | None:
    """The update's `update_id`, or None when it has none (such a body cannot be deduplicated)."""
    value = raw.get("update_id")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def decode(raw: dict[str, Any]) -> Update | None:
    """The update as python-telegram-bot reads it, or None when a known part has the wrong shape."""
    try:
        return Update.de_json(dict(raw), bot=None)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        log.warning("a malformed update: %s: %s", type(error).__name__, error)
        return None


def chat_id_of(update: Update | None) -> str:
    """The id of the chat the update belongs to (a private chat's id is the user's), or ""."""
    chat = None if update is None else update.effective_chat
    return "" if chat is None else str(chat.id)


def kind_of(update: Update | None) -> str:
    """A short name of the update's kind, as stored in `InboundEvent.kind`."""
    if update is None:
        return "malformed"
    if update.message is not None:
        return "message" if _is_private(update.message.chat) else "group"
    if update.callback_query is not None:
        return "callback"
    if update.my_chat_member is not None:
        return "kicked" if is_kicked(update) else "member"
    if update.edited_message is not None:
        return "edited"
    return "unknown"


def is_answerable(update: Update | None) -> bool:
    """Whether the workers look at the update: private messages and every button tap.

    A tap is always handled, even from elsewhere, so that its button stops spinning.
    """
    if update is None:
        return False
    if update.callback_query is not None:
        return True
    return update.message is not None and _is_private(update.message.chat)


def is_kicked(update: Update) -> bool:
    """Whether the user blocked the bot (`my_chat_member` with the new status `kicked`)."""
    member = update.my_chat_member
    return member is not None and member.new_chat_member.status == ChatMember.BANNED


def incoming(update: Update, delivery_id: str) -> Incoming | None:
    """The conversation's message in a private chat's update, or None when there is none."""
    if update.callback_query is not None:
        return _tap(update.callback_query, delivery_id)
    message = update.message
    if message is None or not _is_private(message.chat):
        return None
    sender = str(message.chat.id)
    if message.text:
        return _text(sender, delivery_id, message.text)
    attachments = tuple(_attachment(message, field, name) for field, name in _ATTACHMENTS if getattr(message, field))
    if attachments:
        return Incoming(CHANNEL, sender, delivery_id, message.caption or "", attachments=attachments,
                        photo=photo_of(message))
    return None


def photo_of(message: Message) -> str | None:
    """The file id of the photo in `message`: its largest size whose `file_size`, when given, is
    within `MAX_BYTES`, or an image sent as a file within it; None when there is none."""
    sizes = [size for size in message.photo if _within_cap(size.file_size)]
    if sizes:
        return max(sizes, key=lambda size: size.width * size.height).file_id
    document = message.document
    if _is_image(document) and _within_cap(document.file_size):
        return document.file_id
    return None


def callback_query_id(raw: dict[str, Any]) -> str | None:
    """The id of a stored update's button tap, which must be answered, or None."""
    query = raw.get("callback_query")
    value = query.get("id") if isinstance(query, dict) else None
    return value if isinstance(value, str) and value else None


def _text(sender: str, delivery_id: str, text: str) -> Incoming:
    first_word = (text.split() or [""])[0]
    payload = _COMMANDS.get(first_word.partition("@")[0].lower())  # `/start@Bot`, `/start PAYLOAD`
    if payload is not None:
        return Incoming(CHANNEL, sender, delivery_id, payload=payload)
    return Incoming(CHANNEL, sender, delivery_id, text)


def _tap(query: CallbackQuery, delivery_id: str) -> Incoming | None:
    message = query.message
    if message is not None and not _is_private(message.chat):
        return None
    if not query.data:
        return None
    sender = str(message.chat.id) if message is not None else str(query.from_user.id)
    title = _button_title(message, query.data) if isinstance(message, Message) else ""
    return Incoming(CHANNEL, sender, delivery_id, title, query.data)


def _button_title(message: Message, data: str) -> str:
    markup = message.reply_markup
    rows = markup.inline_keyboard if markup is not None else ()
    return next((button.text for row in rows for button in row if button.callback_data == data), "")


def _attachment(message: Message, field: str, name: str) -> str:
    return "image" if field == "document" and _is_image(message.document) else name


def _is_image(document: Document | None) -> TypeGuard[Document]:
    return document is not None and (document.mime_type or "").lower() in _IMAGE_TYPES


def _within_cap(file_size: int | None) -> bool:
    return file_size is None or file_size <= MAX_BYTES


def _is_private(chat: Chat) -> bool:
    return chat.type == Chat.PRIVATE
