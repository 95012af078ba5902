"""Site search over article titles and bodies (titles only for articles
protected by a password).

On PostgreSQL: full-text search, stemmed, title weighted above body, ranked.
On SQLite: every word of the query must appear in the title or the body,
newest first — less clever, but it finds what a reader typed."""

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import Case, F, Func, Q, TextField, Value, When

from .models import Article

# The site writes in English; stemming makes "deport" find "deportation".
SEARCH_CONFIG = "english"
MAX_QUERY_LENGTH = 200
MAX_WORDS = 10


def clean_query(raw):
    """The query as searched: trimmed, capped in length, whitespace collapsed."""
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]


def search_articles(query, queryset=None):
    """Published articles matching ``query``, best match first."""
    queryset = Article.objects.published() if queryset is None else queryset
    query = clean_query(query)
    if not query:
        return queryset.none()
    if settings.USING_POSTGRES:
        return _postgres_search(queryset, query)
    return _fallback_search(queryset, query)


def _postgres_search(queryset, query):
    # Index the text a reader sees, not the tag and attribute names of the
    # HTML; a protected article's text is not seen, so only its title is found.
    body_text = Case(
        When(password="", then=Func(
            F("body"), Value("<[^>]+>"), Value(" "), Value("g"), function="regexp_replace", output_field=TextField()
        )),
        default=Value(""), output_field=TextField(),
    )
    vector = SearchVector("title", weight="A", config=SEARCH_CONFIG) + SearchVector(
        body_text, weight="B", config=SEARCH_CONFIG
    )
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    return (
        queryset.annotate(search=vector)
        .filter(search=search_query)
        .annotate(rank=SearchRank(vector, search_query))
        .order_by("-rank", "-published_at", "-id")
    )


def _fallback_search(queryset, query):
    for word in query.split()[:MAX_WORDS]:
        queryset = queryset.filter(Q(title__icontains=word) | Q(body__icontains=word, password=""))
    return queryset.order_by("-published_at", "-id")
