"""Scoring extractions against gold: the numbers equal the shared judges'.

    score.py   the measures (entities, places, facts, structure; re3d-style corpora)
    files.py   loading gold and prediction files, minimums, tables
"""

from allegiance.eval.files import (
    check_minimums,
    evaluate_files,
    format_table,
    load_extraction,
    load_extractions,
    load_gold,
)
from allegiance.eval.score import ArticleScores, CorpusScores, score_article, score_corpus

__all__ = [
    "ArticleScores",
    "CorpusScores",
    "check_minimums",
    "evaluate_files",
    "format_table",
    "load_extraction",
    "load_extractions",
    "load_gold",
    "score_article",
    "score_corpus",
]
