"""Tortoise-orm models of the bot, registered as the app `bot`."""
