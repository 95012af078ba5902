"""Loopback HTTP servers that play the outside world in tests (Akismet,
other blogs), speaking the peers' documented protocols over real HTTP."""
