"""The edge to Meta: webhook, signature, event decoding, Graph API client and message builders."""
