"""The knowledge graph: schema and migrations, store, cross-document resolution, queries, exports."""
