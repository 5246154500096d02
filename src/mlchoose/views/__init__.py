"""Renderers: each turns a core result into text; none computes a score."""
