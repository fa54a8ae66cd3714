"""Entry points: the FastAPI app (webhook, health, orders API) and the command line."""
