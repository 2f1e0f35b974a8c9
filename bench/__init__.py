"""Benchmarks and evaluations: each prints a table and one final JSON line (see DESIGN.md)."""
