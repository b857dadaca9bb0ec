"""Search across debates: titles, introductions and visible comments.

On PostgreSQL, full-text search (`to_tsvector`/`websearch_to_tsquery` in English, ranked); on
SQLite, a case-insensitive substring match. Hidden comments are never searched.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Q, QuerySet

from hustings.web.debates.models import Comment, Debate


def comments(query: str, limit: int = 50) -> QuerySet[Comment]:
    """Visible comments matching `query`, best first."""
    query = query.strip()
    visible = Comment.objects.filter(hidden_at__isnull=True).select_related("debate", "author")
    if not query:
        return visible.none()
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("body", config="english")
        terms = SearchQuery(query, config="english", search_type="websearch")
        return (
            visible.annotate(rank=SearchRank(vector, terms)).filter(rank__gt=0).order_by("-rank", "-created_at")[:limit]
        )
    return visible.filter(body__icontains=query).order_by("-created_at")[:limit]


def debates(query: str) -> QuerySet[Debate]:
    """Debates whose title or introduction matches `query`."""
    query = query.strip()
    if not query:
        return Debate.objects.none()
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        vector = SearchVector("title", "intro", config="english")
        terms = SearchQuery(query, config="english", search_type="websearch")
        return Debate.objects.annotate(found=vector).filter(found=terms).select_related("unit")
    return Debate.objects.filter(Q(title__icontains=query) | Q(intro__icontains=query)).select_related("unit")
