"""Workflows that span several models; they flush, the caller commits."""
