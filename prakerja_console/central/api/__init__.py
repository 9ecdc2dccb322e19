"""The HTTP surface of the central, one router per concern, all under ``/v1``."""
