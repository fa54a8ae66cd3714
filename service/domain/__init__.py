"""The conversation domain: cart, conversation state, the pure engine and its texts."""
