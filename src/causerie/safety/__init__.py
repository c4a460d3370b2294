"""Decides, never writes: normalisation, filters, name policy, risk scoring."""
