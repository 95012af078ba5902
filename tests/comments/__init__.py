"""Comments, Akismet and the reader side of discussion."""
