"""The extraction stages, text → entities and facts (`pipeline.py` lists them in order)."""
