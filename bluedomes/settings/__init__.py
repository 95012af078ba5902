"""Bluedomes settings: everything comes from the environment, with defaults
that run a local site on SQLite and refuse to run an unsafe production one.
Every variable is listed in the README's "Configuration" section."""

from .base import *
from .discussion import *
from .environment import env, env_bool, env_int, env_list
from .security import *
