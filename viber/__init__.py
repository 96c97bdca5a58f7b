"""The edge to Viber: signed callbacks, their decoding, keyboards, and the REST API client."""
