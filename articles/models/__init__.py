"""The articles app's models: the articles and their parts
(``content``), the pages, profiles and contact messages beside them
(``pages``), and the revisions and edit locks of both (``revisions``)."""

from .content import Article, ArticleQuerySet, Category, Image, Like, Rendition, Tag  # noqa: F401
from .pages import AuthorProfile, ContactMessage, Page, PageQuerySet  # noqa: F401
from .revisions import EditLock, Revision, RevisionQuerySet  # noqa: F401
