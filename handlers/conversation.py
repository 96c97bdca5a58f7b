"""The conversation's entry point: one decoded event in, the replies out (CONTRACT section 6).

`PIPELINE` is the whole conversation in order: the first handler whose `match` accepts the
message handles it. Commands (payloads, or the words that stand for them) come first, then the
free text in order: surname, account number, reading, anything else.

Where each rule lives:

- `handlers.pipeline`: the `Context` every handler gets, and how the first match is run;
- `handlers.states`: the conversation states kept per sender, and what `state_data` holds;
- `handlers.onboarding` / `handlers.linking`: the linking dialogue / the surname comparison,
  the lock-out after failures, the links;
- `handlers.submission` / `handlers.validation`: choosing the account, asking, storing /
  zones, digits, below-last, rollover and unusual-use checks;
- `handlers.window`: the billing window and the period a reading closes;
- `handlers.registers`: a three-zone reading by registers T1..T3, whose zones are asked once;
- `handlers.photos`: a photo of the meter, the value read from it asked about, then submitted;
- `handlers.correction`: "Виправити", withdrawing the last reading while its window is open;
- `handlers.notices`: the window and billing-by-estimate notice, given once per window;
- `handlers.accounts`: "Мої рахунки", "що я передав" and unlinking; `handlers.menu`: Get Started,
  help, cancel, the fallback; `handlers.questions`: when to send, why by estimate;
- `handlers.person`: a person; `handlers.forgetting`: "delete my data";
- `handlers.reminders`: subscribing to the monthly reminder, where the channel allows it;
- `handlers.messages`: `Incoming` and `Reply`, the same on every channel;
- `handlers.payloads`: the payloads of choices; `handlers.intents`: the typed words and
  questions that stand for them (any case, a typo or two, Ukrainian and Russian);
- `handlers.texts`: every reply text and its quick replies.
"""

from __future__ import annotations

from datetime import datetime

from handlers import payloads
from handlers.accounts import on_last_sent, on_my_accounts, on_unlink, on_unlink_answered
from handlers.correction import on_correct
from handlers.forgetting import on_forget, on_forget_answered
from handlers.menu import on_anything_else, on_attachment, on_cancel, on_get_started, on_help, on_thanks
from handlers.messages import Incoming, Reply
from handlers.onboarding import offers_account, offers_surname, on_account_number, on_link_another, on_surname
from handlers.person import on_person
from handlers.photos import has_photo, on_photo, on_photo_answered
from handlers.pipeline import Context, Handler, Match, build_context, run
from handlers.questions import on_estimate, on_window
from handlers.reminders import on_remind, on_stop_reminding
from handlers.states import State
from handlers.submission import (
    bare_reading,
    on_account_chosen,
    on_confirmation,
    on_reading,
    on_registers_chosen,
    on_repeat_previous,
    on_submit,
)
from models.senders import conversation_of, save_conversation, sender_to_answer
from settings import ConversationSettings


def _command(payload: str) -> Match:
    return lambda context: context.payload == payload


def _prefixed(prefix: str) -> Match:
    return lambda context: (context.payload or "").startswith(prefix)


def _has_attachments(context: Context) -> bool:
    return bool(context.incoming.attachments) and not context.text


def _answers(state: State) -> Match:
    """"Так" or "Ні" to the question the bot asked in `state`."""
    return lambda context: context.state is state and context.payload in (payloads.CONFIRM_YES, payloads.CONFIRM_NO)


def _has_reading(context: Context) -> bool:
    return bool(context.parsed.readings) or context.parsed.same_as_before or bare_reading(context) is not None


PIPELINE: tuple[Handler, ...] = (
    Handler("cancel", _command(payloads.CANCEL), on_cancel),
    Handler("get started", _command(payloads.GET_STARTED), on_get_started),
    Handler("help", _command(payloads.HELP), on_help),
    Handler("a person", _command(payloads.PERSON), on_person),
    Handler("my accounts", _command(payloads.MY_ACCOUNTS), on_my_accounts),
    Handler("what did I send", _command(payloads.LAST_SENT), on_last_sent),
    Handler("unlink", _prefixed(payloads.UNLINK_PREFIX), on_unlink),
    Handler("unlink confirmed", _answers(State.CONFIRM_UNLINK), on_unlink_answered),
    Handler("delete my data", _command(payloads.FORGET), on_forget),
    Handler("delete confirmed", _answers(State.CONFIRM_FORGET), on_forget_answered),
    Handler("link another", _command(payloads.LINK_ANOTHER), on_link_another),
    Handler("submit a reading", _command(payloads.SUBMIT_READING), on_submit),
    Handler("account chosen", _prefixed(payloads.ACCOUNT_PREFIX), on_account_chosen),
    Handler("registers' zones", _prefixed(payloads.REGISTERS_PREFIX), on_registers_chosen),
    Handler("confirmation", _answers(State.CONFIRM_READING), on_confirmation),
    Handler("photo confirmed", _answers(State.CONFIRM_PHOTO), on_photo_answered),
    Handler("correct", _command(payloads.CORRECT), on_correct),
    Handler("when to send", _command(payloads.WINDOW), on_window),
    Handler("why by estimate", _command(payloads.ESTIMATE), on_estimate),
    Handler("repeat previous", _command(payloads.REPEAT_PREVIOUS), on_repeat_previous),
    Handler("remind", _command(payloads.REMIND), on_remind),
    Handler("stop reminding", _command(payloads.STOP_REMINDING), on_stop_reminding),
    Handler("thanks", _command(payloads.THANKS), on_thanks),
    Handler("photo of the meter", has_photo, on_photo),
    Handler("voice, sticker, file", _has_attachments, on_attachment),
    Handler("surname", offers_surname, on_surname),
    Handler("account number", offers_account, on_account_number),
    Handler("reading", _has_reading, on_reading),
    Handler("anything else", lambda context: True, on_anything_else),
)


async def respond(incoming: Incoming, now: datetime, settings: ConversationSettings) -> list[Reply]:
    """Decide the replies to `incoming`, and store the sender's conversation; the caller
    stores the replies in the same transaction.

    Writing again makes a sender who had blocked the bot reachable again.
    """
    sender = await sender_to_answer(incoming.channel, incoming.sender)
    as_read = conversation_of(sender)
    sender.unreachable_since = None
    replies = await run(PIPELINE, build_context(sender, incoming, now, settings))
    await save_conversation(sender, as_read)
    return replies
