"""Tests for the Flet app (mirrors app/)."""
