"""Writes of the channels app, by subdomain: accounts, posts, outbox."""
