"""What is kept about customers, for how long, and deleting it: the policy page, retention,
deletion requests and their status page."""
