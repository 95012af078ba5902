"""Revisions, autosaves and edit locks of articles and pages.

``history``: what a revision holds, when one is stored, and restoring one;
``diff``: the side-by-side comparison; ``locks``: who is editing now;
``views`` and ``admin``: the screens and endpoints the article and page
admins mount (their form's script is static/admin-extra/editing-session.js)."""
