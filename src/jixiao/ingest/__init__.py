"""Ingest: files → grids (readers) → forms (layouts), with the loader that ties them together."""
