from django_comments_xtd.forms import XtdCommentForm


class CommentForm(XtdCommentForm):
    """The reader's comment form: xtd's, with bluedomes' fields added by the comments issue."""
