"""Inputs and structure: files, folders, JSONL and stdin → `Source` → title, date, segments."""
