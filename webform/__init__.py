"""The web form: a reading without registration, checked and stored like one sent in a chat."""
