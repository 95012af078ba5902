"""Site search over article titles and bodies (titles only for articles
protected by a password).

On PostgreSQL: full-text search, stemmed in each article's own language
(russian for Russian, english for English, simple for Kazakh, Uyghur and the
rest, which PostgreSQL has no stemmer for), title weighted above body, ranked.
On SQLite: every word of the query must appear in the title or the body,
whatever its case in any script, newest first — less clever, but it finds
what a reader typed. SQLite's own LIKE and lower() fold ASCII only, so both
sides are case-folded by Python's str.casefold, registered on each connection."""

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import Case, CharField, F, Func, Q, TextField, Value, When
from django.db.models.lookups import IContains

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
    # Index the text a reader sees, not the tag and attribute names of the
    # HTML; a protected article's text is not seen, so only its title is found.
    body_text = Case(
        When(password="", then=Func(
            F("body"), Value("<[^>]+>"), Value(" "), Value("g"), function="regexp_replace", output_field=TextField()
        )),
        default=Value(""), output_field=TextField(),
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


def _fallback_search(queryset, query):
    for word in query.split()[:MAX_WORDS]:
        queryset = queryset.filter(Q(title__folded_contains=word) | Q(body__folded_contains=word, password=""))
    return queryset.order_by("-published_at", "-id")


class FoldedContains(IContains):
    """``icontains`` that ignores case in every script on SQLite too (the
    fallback search and the admin's search boxes use it)."""

    lookup_name = "folded_contains"

    def as_sql(self, compiler, connection):
        # PostgreSQL's UPPER() already knows every script.
        return IContains(self.lhs, self.rhs).as_sql(compiler, connection)

    def as_sqlite(self, compiler, connection):
        lhs_sql, params = self.process_lhs(compiler, connection)
        rhs_sql, rhs_params = self.process_rhs(compiler, connection)
        fold = CASEFOLD_FUNCTION
        return f"{fold}({lhs_sql}) LIKE {fold}({rhs_sql}) ESCAPE '\\'", [*params, *rhs_params]


def _casefold(value):
    return value.casefold() if isinstance(value, str) else value


def register_folded_contains():
    CharField.register_lookup(FoldedContains)
    TextField.register_lookup(FoldedContains)


def register_casefold(sender, connection, **kwargs):
    """connection_created receiver: gives each SQLite connection the
    function the fallback search folds with."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(CASEFOLD_FUNCTION, 1, _casefold, deterministic=True)
