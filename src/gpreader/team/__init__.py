"""Coding as a team: agreement between coders."""
