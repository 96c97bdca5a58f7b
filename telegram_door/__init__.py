"""The Telegram door: secret token, Update decoding, inline keyboards, Bot API sending."""
