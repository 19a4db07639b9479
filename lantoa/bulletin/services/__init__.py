"""Bulletin services, split by subdomain: issues, subscriptions, email, sending, pdf."""
