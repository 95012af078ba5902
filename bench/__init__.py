"""Benchmarks and load scripts (issue 6). Not imported by the site."""
