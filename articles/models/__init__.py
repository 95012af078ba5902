"""The articles app's models: the articles and their parts (``content``),
the pages, profiles and contact messages beside them (``pages``), the media
library's documents (``documents``), and the revisions and edit locks of
articles and pages (``revisions``)."""

from .content import Article, ArticleQuerySet, Category, Image, Like, Rendition, Tag  # noqa: F401
from .documents import Document  # noqa: F401
from .pages import AuthorProfile, ContactMessage, Page, PageQuerySet  # noqa: F401
from .revisions import EditLock, Revision, RevisionQuerySet  # noqa: F401
