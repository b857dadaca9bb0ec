"""Search across debates: titles, introductions and visible comments.

On PostgreSQL, full-text search (`to_tsvector`/`websearch_to_tsquery` in English, ranked); on
SQLite, a case-insensitive substring match. Hidden comments are never searched, and only the
debates the reader may read (`hustings.services.visible.debates`) are.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Q, QuerySet

from hustings.services import visible
from hustings.services.access import User
from hustings.store.debates.models import Comment, Debate


def comments(query: str, reader: User, limit: int = 50) -> QuerySet[Comment]:
    """Visible comments matching `query` in the debates `reader` may read, best first."""
    query = query.strip()
    shown = visible.comments(reader).filter(hidden_at__isnull=True).select_related("debate", "author")
    if not query:
        return shown.none()
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("body", config="english")
        terms = SearchQuery(query, config="english", search_type="websearch")
        return (
            shown.annotate(rank=SearchRank(vector, terms)).filter(rank__gt=0).order_by("-rank", "-created_at")[:limit]
        )
    return shown.filter(body__icontains=query).order_by("-created_at")[:limit]


def debates(query: str, reader: User) -> QuerySet[Debate]:
    """The debates `reader` may read whose title or introduction matches `query`."""
    query = query.strip()
    if not query:
        return Debate.objects.none()
    among = visible.debates(reader)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        vector = SearchVector("title", "intro", config="english")
        terms = SearchQuery(query, config="english", search_type="websearch")
        return among.annotate(found=vector).filter(found=terms).select_related("unit")
    return among.filter(Q(title__icontains=query) | Q(intro__icontains=query)).select_related("unit")
