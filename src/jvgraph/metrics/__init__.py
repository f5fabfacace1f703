"""Reach, overlap, concentration and common-ownership metrics on exported edge arrays."""
