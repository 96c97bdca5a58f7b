"""The caps on a customer's photo (CONTRACT section 6): checked while downloading, and from the
image's header before a single pixel is decoded."""

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
