"""Application layer: runs the pure engine inside store transactions and delivers the outbox."""
