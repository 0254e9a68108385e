"""Delivery channels: each sends one message and says whether a failure is worth a retry."""
class TransientError(Exception):
    """The provider is down, slow or answered 5xx: try again later."""
class PermanentError(Exception):
    """The message can never be delivered as asked (bad address, rejected template)."""
