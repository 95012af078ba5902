"""Benchmarks and load scripts. Not imported by the site."""
