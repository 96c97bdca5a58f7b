"""The channel-neutral delivery layer: inbox, outbox, leases and the background workers."""
