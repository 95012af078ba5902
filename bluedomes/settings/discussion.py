"""How the site behaves: comments, Akismet, followers, pings, listings."""

from .base import DEFAULT_FROM_EMAIL, SECRET_KEY
from .environment import env, env_bool, env_int

# Comments: xtd supplies threading and the form, our model status, type and
# Akismet fields; never confirmed by email first, but stored and moderated.
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MODEL = "comments.models.Comment"
COMMENTS_XTD_FORM_CLASS = "comments.forms.CommentForm"
COMMENTS_XTD_CONFIRM_EMAIL = False
COMMENTS_XTD_THREADED_EMAILS = False
COMMENTS_XTD_SALT = env("COMMENTS_XTD_SALT", SECRET_KEY[:32]).encode()
# Depth 3 by default: top-level comments, replies, and replies to replies.
COMMENTS_XTD_MAX_THREAD_LEVEL = env_int("COMMENTS_THREAD_DEPTH", 3) - 1
COMMENTS_XTD_LIST_ORDER = ("thread_id", "order")
COMMENTS_XTD_FROM_EMAIL = DEFAULT_FROM_EMAIL
COMMENTS_XTD_CONTACT_EMAIL = DEFAULT_FROM_EMAIL
# Enforced by our forms, not through django_comments' COMMENT_MAX_LENGTH:
# that setting changes its model field, and Django would then ask for a
# migration inside site-packages on every run. The column is a TEXT either way.
BLUEDOMES_COMMENT_MAX_LENGTH = env_int("COMMENT_MAX_LENGTH", 10000)
# How long the Approve / Spam / Trash links in moderators' emails work.
COMMENTS_EMAIL_LINK_DAYS = env_int("COMMENTS_EMAIL_LINK_DAYS", 7)
# The hour (site time zone, 0-23) from which moderators who chose the daily
# digest get it; the hourly maintenance sends it on its first run after.
COMMENTS_MODERATOR_DIGEST_HOUR = env_int("COMMENTS_MODERATOR_DIGEST_HOUR", 7)

AKISMET_API_KEY = env("AKISMET_API_KEY")
AKISMET_API_URL = env("AKISMET_API_URL", "https://rest.akismet.com").rstrip("/")
AKISMET_TIMEOUT = float(env("AKISMET_TIMEOUT", "5"))
# Comment posts accepted per client IP per window (seconds); more get a 429 page.
COMMENTS_POST_RATE_LIMIT = env_int("COMMENTS_POST_RATE_LIMIT", 5)
COMMENTS_POST_RATE_WINDOW = env_int("COMMENTS_POST_RATE_WINDOW", 60)

# Following the site by email (subscribers/): a new article goes out in
# batches of SUBSCRIBERS_BATCH_SIZE messages, one batch every
# SUBSCRIBERS_BATCH_SECONDS (the rate the mail provider allows); only
# articles published within SUBSCRIBERS_NEWS_WINDOW_HOURS are mailed, so
# editing an old article or importing WordPress sends nothing.
SUBSCRIBERS_BATCH_SIZE = env_int("SUBSCRIBERS_BATCH_SIZE", 100)
SUBSCRIBERS_BATCH_SECONDS = env_int("SUBSCRIBERS_BATCH_SECONDS", 60)
SUBSCRIBERS_NEWS_WINDOW_HOURS = env_int("SUBSCRIBERS_NEWS_WINDOW_HOURS", 48)
SUBSCRIBERS_FOLLOW_RATE_LIMIT = env_int("SUBSCRIBERS_FOLLOW_RATE_LIMIT", 10)

# The request header holding the client's address when behind a trusted
# reverse proxy (e.g. "X-Forwarded-For"); empty means REMOTE_ADDR.
BLUEDOMES_CLIENT_IP_HEADER = env("BLUEDOMES_CLIENT_IP_HEADER")
# Lifts the outbound fetch address check (loopback/private targets). Tests
# and staging only: in production it would let strangers probe the network.
BLUEDOMES_ALLOW_PRIVATE_URLS = env_bool("BLUEDOMES_ALLOW_PRIVATE_URLS", False)
BLUEDOMES_NOTIFY_LINKED_BLOGS = env_bool("BLUEDOMES_NOTIFY_LINKED_BLOGS", True)
BLUEDOMES_SELF_PINGS = env_bool("BLUEDOMES_SELF_PINGS", True)
BLUEDOMES_ARTICLES_PER_PAGE = env_int("BLUEDOMES_ARTICLES_PER_PAGE", 10)

# Writing in the admin: how often the article and page forms autosave the
# writer's draft and tell the server they are still open, and how long an
# edit lock outlives the last of those heartbeats.
BLUEDOMES_AUTOSAVE_SECONDS = env_int("BLUEDOMES_AUTOSAVE_SECONDS", 60)
BLUEDOMES_EDIT_LOCK_HEARTBEAT_SECONDS = env_int("BLUEDOMES_EDIT_LOCK_HEARTBEAT_SECONDS", 30)
BLUEDOMES_EDIT_LOCK_SECONDS = env_int("BLUEDOMES_EDIT_LOCK_SECONDS", 150)
