"""The articles app's models, in two modules: the articles and their parts
(``content``) and the pages, profiles and contact messages beside them
(``pages``)."""

from .content import Article, ArticleQuerySet, Category, Image, Like, Rendition, Tag  # noqa: F401
from .pages import AuthorProfile, ContactMessage, Page, PageQuerySet  # noqa: F401
