"""Command line: ``causerie serve | db | rooms | users | safety``."""
