"""Zorgvuldig: a privacy-by-design client system for Dutch care-and-welfare organisations."""
