"""How long an account number is: the one definition the parser, the conversation and the
registry share (CONTRACT section 4: a bare run of 7 to 12 digits)."""

ACCOUNT_DIGITS = range(7, 13)
