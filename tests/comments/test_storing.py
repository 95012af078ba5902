"""Storing a new comment: its place in the thread, written in one pass, and
its Akismet check queued in the same commit where the queue is in the
database."""

import pytest
from django.db import transaction
from django_comments_xtd.models import MaxThreadLevelExceededException
from django_tasks_db.models import DBTaskResult

from comments import pipeline
from comments.akismet import request_fields as akismet_request
from comments.models import Comment
from tests.comments.conftest import form_data, last_comment, make_comment


def thread_shape(top):
    """(depth, order, replies below) of each comment of ``top``'s thread, in reading order."""
    return list(
        Comment.objects.filter(thread_id=top.thread_id).order_by("order").values_list("level", "order", "nested_count")
    )


def inserted(article, parent=None, text="A reply"):
    comment = Comment(
        content_object=article, site_id=1, user_name="Ruslan", user_email="ruslan@example.org", comment=text,
        parent_id=parent.pk if parent else 0, status=Comment.Status.PENDING, ip_address="203.0.113.7",
    )
    comment.insert()
    return comment


@pytest.mark.django_db
class TestPlaceInTheThread:
    def test_a_new_comment_starts_its_own_thread(self, article):
        comment = inserted(article, text="Бірінші пікір")
        comment.refresh_from_db()
        assert (comment.thread_id, comment.parent_id, comment.level, comment.order) == (comment.pk, comment.pk, 0, 1)

    def test_replies_take_the_places_xtds_save_gives_them(self, article):
        # The same conversation twice: once saved by xtd, once inserted in one pass.
        saved_top = make_comment(article, comment="Сначала")
        saved_first = make_comment(article, parent=saved_top, comment="Первый ответ")
        make_comment(article, parent=saved_top, comment="Второй ответ")
        make_comment(article, parent=saved_first, comment="Ответ на первый")

        top = inserted(article, text="Сначала")
        first = inserted(article, parent=top, text="Первый ответ")
        inserted(article, parent=top, text="Второй ответ")
        inserted(article, parent=first, text="Ответ на первый")

        assert thread_shape(top) == thread_shape(saved_top)
        assert thread_shape(top) == [(0, 1, 3), (1, 2, 1), (2, 3, 0), (1, 4, 0)]

    def test_a_reply_past_the_deepest_level_is_refused(self, article):
        top = inserted(article)
        second = inserted(article, parent=top)
        third = inserted(article, parent=second)
        with pytest.raises(MaxThreadLevelExceededException):
            inserted(article, parent=third)

    def test_storing_a_comment_writes_each_row_once(self, article, discussion, akismet, client,
                                                    django_assert_max_num_queries, django_capture_on_commit_callbacks):
        # The rate counter in a transaction of its own (three statements);
        # the article, the settings, the duplicate check; in one transaction
        # (two statements) the three rows, a new thread's included, and the
        # history line; the thread ids for the redirect. With Akismet on,
        # nothing else happens before its answer.
        with django_capture_on_commit_callbacks(), django_assert_max_num_queries(13):
            response = client.post("/comments/post/", form_data(article, comment="Жазылған бір рет"),
                                   HTTP_REFERER=article.get_full_url())
        assert response.status_code == 303
        assert last_comment().comment == "Жазылған бір рет"


@pytest.mark.django_db
class TestTheCheckIsQueuedWithTheComment:
    def test_a_database_queue_gets_the_job_inside_the_comments_transaction(self, article, discussion, akismet,
                                                                          database_queue, post_comment,
                                                                          django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks() as after_commit:
            post_comment(article, comment="رەھمەت، ياخشى ماقالە")
        comment = last_comment()
        job = DBTaskResult.objects.get(task_path="comments.pipeline.check_comment")
        assert job.args_kwargs == {"args": [comment.pk], "kwargs": {}}
        assert after_commit == []

    def test_a_rolled_back_comment_leaves_no_job(self, article, discussion, akismet, database_queue):
        comment = pipeline.new_comment(article, user_name="Aigerim", user_email="a@example.org", comment="不")
        with pytest.raises(RuntimeError), transaction.atomic():
            comment.insert()
            pipeline.start_check(comment)
            raise RuntimeError("the request failed after storing")
        assert not Comment.objects.exists()
        assert not DBTaskResult.objects.exists()

    def test_another_queue_gets_the_job_only_after_the_commit(self, article, discussion, akismet,
                                                            django_capture_on_commit_callbacks):
        comment = pipeline.new_comment(article, user_name="Aigerim", user_email="a@example.org", comment="Рақмет",
                                       ip_address="203.0.113.8", user_agent="Mozilla/5.0 TestBrowser/1.0")
        comment.akismet_request = akismet_request(comment, article)
        with django_capture_on_commit_callbacks() as after_commit:
            comment.insert()
            pipeline.start_check(comment)
        comment.refresh_from_db()
        assert comment.awaiting_check
        assert len(after_commit) == 1
        after_commit[0]()
        comment.refresh_from_db()
        assert (comment.awaiting_check, comment.akismet_verdict) == (False, Comment.Verdict.HAM)
