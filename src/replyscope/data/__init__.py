"""Bundled resources: the default codebook."""
