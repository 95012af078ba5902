"""Site search over article titles and bodies.

On PostgreSQL: full-text search, stemmed in each article's own language
(russian for Russian, english for English, simple for Kazakh, Uyghur and the
rest, which PostgreSQL has no stemmer for), title weighted above body, ranked.
On SQLite: every word of the query must appear in the title or the body,
whatever its case in any script, newest first — less clever, but it finds
what a reader typed. SQLite's own LIKE and lower() fold ASCII only, so both
sides are case-folded by Python's str.casefold, registered on each connection."""

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, Func, Q, TextField, Value, When
from django.db.models.functions import Lower

from .models import Article

# Stemming makes "deport" find "deportation" and "воды" find "вода".
SEARCH_CONFIGS = {"en": "english", "ru": "russian"}
FALLBACK_CONFIG = "simple"
CASEFOLD_FUNCTION = "bd_casefold"
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


def search_config():
    """The text-search configuration of each row, from its language."""
    return Case(
        *(When(language=code, then=Value(config)) for code, config in SEARCH_CONFIGS.items()),
        default=Value(FALLBACK_CONFIG),
        output_field=TextField(),
    )


def _postgres_search(queryset, query):
    # Index the text a reader sees, not the tag and attribute names of the HTML.
    body_text = Func(
        F("body"), Value("<[^>]+>"), Value(" "), Value("g"), function="regexp_replace", output_field=TextField()
    )
    config = search_config()
    vector = SearchVector("title", weight="A", config=config) + SearchVector(body_text, weight="B", config=config)
    search_query = SearchQuery(query, search_type="websearch", config=config)
    return (
        queryset.annotate(search=vector)
        .filter(search=search_query)
        .annotate(rank=SearchRank(vector, search_query))
        .order_by("-rank", "-published_at", "-id")
    )


def _casefolded(field):
    # Other databases' lower() knows every script already.
    if connection.vendor != "sqlite":
        return Lower(field)
    return Func(F(field), function=CASEFOLD_FUNCTION, output_field=TextField())


def _fallback_search(queryset, query):
    queryset = queryset.annotate(title_folded=_casefolded("title"), body_folded=_casefolded("body"))
    for word in query.split()[:MAX_WORDS]:
        folded = word.casefold()
        queryset = queryset.filter(Q(title_folded__contains=folded) | Q(body_folded__contains=folded))
    return queryset.order_by("-published_at", "-id")


def _casefold(value):
    return value.casefold() if isinstance(value, str) else value


def register_casefold(sender, connection, **kwargs):
    """connection_created receiver: gives each SQLite connection the
    function the fallback search folds with."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(CASEFOLD_FUNCTION, 1, _casefold, deterministic=True)
