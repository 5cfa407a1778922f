"""The ways in: the command line, the explain table (and the HTTP API)."""
