"""Causerie: pseudonymous real-time chat."""
