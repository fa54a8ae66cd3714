"""The WhatsApp ordering service: webhook, conversation engine, stores and messengers."""
