"""Shared infrastructure: no domain rules; imported by apps, imports no app."""
