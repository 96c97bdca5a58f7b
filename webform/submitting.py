"""What a posted form leads to: the account and surname, the chat's checks, then storing.

1. The fields' format (`webform.fields`): a notice per field that is not plain.
2. The account number's failures: more than `ACCOUNT_FAILURES.most` wrong surnames (or
   unknown numbers) for the typed number within the hour, from any address, and the form waits.
   These are counted for the form only: the chat's lock-out (`handlers.linking`) never sees them.
3. The account and the holder's surname, compared as the chat links them: an unknown number, a
   closed account and a wrong surname get one and the same notice, tied to both fields.
4. The reading, checked by `handlers.recording` as in the chat: a refusal is tied to the fields
   it is about (for the wrong zones, the fields this meter needs); a doubt (a rollover, an
   unusual use) asks to tick `confirm`; "same as before" repeats the last reading.
5. Stored with channel `web` and no sender: nobody signs in, so there is nobody to keep.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from handlers import texts as chat
from handlers.linking import surname_matches
from handlers.recording import Checked, Stored, check_reading, store_reading
from handlers.validation import Problem
from models.accounts import Account
from models.refusals import record_refusal
from settings import ConversationSettings
from web.limits import Limit
from webform import texts
from webform.fields import CONFIRM, SAME_AS_BEFORE, Filled, Invalid, Notice, Typed, filled

CHANNEL = "web"
ACCOUNT_FAILURES = Limit("form-account", most=10, period=timedelta(hours=1))


@dataclass(frozen=True)
class Answer:
    """The form's answer: `stored` (the confirmation page), or `wait` (429), or the form again
    with `notices`, asking for `confirm` when `ask_confirm`."""

    stored: Stored | None = None
    wait: timedelta | None = None
    notices: tuple[Notice, ...] = ()
    ask_confirm: bool = False


async def submit(typed: Typed, now: datetime, settings: ConversationSettings) -> Answer:
    """Check the posted form and store its reading when everything holds."""
    try:
        form = filled(typed)
    except Invalid as invalid:
        return Answer(notices=invalid.notices)
    wait = await ACCOUNT_FAILURES.wait(form.number, now)
    if wait is not None:
        return Answer(wait=wait)
    account = await _account(form, now)
    if account is None:
        return Answer(notices=(Notice.about(chat.LINK_FAILED, ["account", "surname"]),))
    checked = await check_reading(account, form.readings, form.same_as_before, now, settings)
    if checked.verdict.problem is not None:
        await record_refusal(CHANNEL, checked.verdict.problem.value, now)
        return Answer(notices=(_refusal(checked, form),))
    if checked.verdict.doubts and not form.confirm:
        question = f"{chat.doubt(checked.verdict, account).text} {texts.CONFIRM}"
        return Answer(notices=(Notice.about(question, [CONFIRM]),), ask_confirm=True)
    return Answer(stored=await store_reading(account, checked.verdict.values, now, settings, channel=CHANNEL))


async def _account(form: Filled, now: datetime) -> Account | None:
    """The open account `form.number` when the surname is its holder's; else count a failure."""
    account = await Account.get_or_none(number=form.number)
    if account is not None and account.closed_at is None and surname_matches(form.surname, account.surname):
        return account
    await ACCOUNT_FAILURES.count(form.number, now)
    return None


def _refusal(checked: Checked, form: Filled) -> Notice:
    """The chat's refusal, tied to the fields it is about: for the wrong zones, the fields this
    meter needs and those filled that it does not have."""
    account, verdict = checked.account, checked.verdict
    if verdict.problem is Problem.ZONES:
        text = f"{chat.meter_zones(account)} {texts.fields_needed(account.zone_names)}"
        return Notice.about(text, [*account.zone_names, *(zone for zone, _ in form.readings)])
    if verdict.problem is Problem.NO_PREVIOUS:
        text = f"{chat.no_previous(account)} {texts.fields_needed(account.zone_names)}"
        return Notice.about(text, [SAME_AS_BEFORE, *account.zone_names])
    return Notice.about(checked.refusal().text, [verdict.zone or "total"])
