"""The conversation: text parsing, the handler pipeline, linking, reading checks, reply texts."""
