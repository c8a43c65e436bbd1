"""Exports of the knowledge base to the formats the field uses."""
