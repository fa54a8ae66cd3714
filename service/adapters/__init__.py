"""Adapters: the stores and messengers behind the ports of ``service.application.ports``."""
