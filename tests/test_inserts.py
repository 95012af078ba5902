"""New rows written together give the rows save() gives, with every reference
to a new id filled in, in one statement on PostgreSQL."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Value
from django.db.models import signals
from django.db.models.sql import compiler as sql_compiler
from django.test.utils import CaptureQueriesContext, isolate_apps
from django.utils import timezone

from bluedomes.inserts import NewRows
from comments.models import Comment, CommentEvent

pytestmark = pytest.mark.django_db

TEXTS = ("Су тасқыны басылды", "Паводок на Сырдарье", "ئۈرۈمچى خاتىرىسى", "天山の冬は長い")


def new_comment(article, text, **fields):
    fields.setdefault("submit_date", timezone.now() - timedelta(minutes=5))
    return Comment(
        content_object=article, site_id=1, user_name="Айгүл", user_email="aigul@example.org", comment=text,
        status=Comment.Status.PENDING, ip_address="203.0.113.7", parent_id=0, user_agent="Firefox",
        referrer="https://example.org/", **fields,
    )


def line_of(comment, message="Қабылданды"):
    return CommentEvent(comment=comment, message=message, to_status="pending", changes={"мәтін": ["ескі", "жаңа"]})


def stored(instance):
    """Every column of the instance's row(s), read back, but its ids."""
    row = type(instance)._base_manager.filter(pk=instance.pk).values().get()
    ids = {"id", "comment_ptr_id", "xtdcomment_ptr_id", "thread_id", "parent_id", "comment_id"}
    return {name: value for name, value in row.items() if name not in ids}


def inserted(article, text):
    comment = new_comment(article, text)
    line = line_of(comment)
    comment.insert(line)
    return comment, line


@pytest.mark.parametrize("text", TEXTS)
def test_the_rows_are_those_save_writes(article, text):
    comment, line = inserted(article, text)
    saved = new_comment(article, text, submit_date=comment.submit_date)
    saved.save()
    saved_line = line_of(saved)
    saved_line.created_at = line.created_at
    saved_line.save()
    CommentEvent.objects.filter(pk=saved_line.pk).update(created_at=line.created_at)
    assert stored(comment) == stored(saved)
    assert stored(line) == stored(saved_line)


def test_every_reference_to_a_new_id_holds_it(article):
    comment, line = inserted(article, TEXTS[0])
    assert comment.pk > 0 and line.pk > 0
    assert (comment.thread_id, comment.parent_id, comment.comment_ptr_id, comment.id) == (comment.pk,) * 4
    assert line.comment_id == comment.pk
    comment.refresh_from_db()
    assert (comment.thread_id, comment.parent_id) == (comment.pk, comment.pk)
    assert list(comment.events.values_list("pk", "message")) == [(line.pk, "Қабылданды")]
    assert not comment._state.adding and comment._state.db == "default"


def test_postgresql_gets_one_statement_other_databases_one_per_table(article):
    with CaptureQueriesContext(connection) as queries:
        inserted(article, TEXTS[1])
    # The comment's three tables and its history line.
    assert len(queries) == (1 if connection.vendor == "postgresql" else 4)


def test_the_inserts_are_compiled_once(article, monkeypatch):
    inserted(article, TEXTS[0])
    compiled = []
    as_sql = sql_compiler.SQLInsertCompiler.as_sql
    monkeypatch.setattr(sql_compiler.SQLInsertCompiler, "as_sql", lambda self: compiled.append(self) or as_sql(self))
    comment, _line = inserted(article, TEXTS[3])
    assert compiled == []
    assert Comment.objects.get(pk=comment.pk).comment == TEXTS[3]


def test_save_signals_are_sent_as_save_sends_them(article):
    heard = []

    def before(sender, instance, **kwargs):
        heard.append(("pre_save", sender.__name__, instance.pk, kwargs["raw"], kwargs["update_fields"]))

    def after(sender, instance, created, **kwargs):
        heard.append(("post_save", sender.__name__, instance.pk, created))

    for model in (Comment, CommentEvent):
        signals.pre_save.connect(before, sender=model)
        signals.post_save.connect(after, sender=model)
    try:
        comment, line = inserted(article, TEXTS[2])
    finally:
        for model in (Comment, CommentEvent):
            signals.pre_save.disconnect(before, sender=model)
            signals.post_save.disconnect(after, sender=model)
    assert heard == [
        ("pre_save", "Comment", None, False, None),
        ("pre_save", "CommentEvent", None, False, None),
        ("post_save", "Comment", comment.pk, True),
        ("post_save", "CommentEvent", line.pk, True),
    ]


def test_a_refused_row_leaves_none_of_its_rows(article):
    first = new_comment(article, TEXTS[0], ping_key="same-source")
    first.insert()
    second = new_comment(article, TEXTS[1], ping_key="same-source")
    line = line_of(second)
    with pytest.raises(IntegrityError), transaction.atomic():
        second.insert(line)
    assert list(Comment.objects.values_list("pk", flat=True)) == [first.pk]
    assert not CommentEvent.objects.exists()
    # As after a failed save(): no id that could be taken for a stored row.
    assert (second.pk, second.id, second.thread_id, line.comment_id, line.pk) == (None,) * 5


@isolate_apps("comments")
def test_a_row_whose_id_the_database_does_not_make_needs_one():
    class Numbered(models.Model):
        number = models.IntegerField(primary_key=True)

        class Meta:
            app_label = "comments"

    with pytest.raises(ValueError, match="needs its id"):
        NewRows().add(Numbered())


def test_a_row_must_come_after_the_one_it_refers_to(article):
    comment = new_comment(article, TEXTS[0])
    rows = NewRows()
    with pytest.raises(ValueError, match="unsaved related object"):
        rows.add(line_of(comment))


def test_an_expression_is_refused_and_nothing_is_written(article):
    comment = new_comment(article, TEXTS[0])
    comment.insert()
    rows = NewRows()
    rows.add(CommentEvent(comment=comment, message=Value("computed"), to_status="pending"))
    with pytest.raises(TypeError, match="expression"):
        rows.write()
    assert not CommentEvent.objects.exists()


def test_an_id_given_is_written_as_given(article):
    comment = new_comment(article, TEXTS[0])
    comment.insert()
    rows = NewRows()
    line = rows.add(CommentEvent(id=424242, comment=comment, message="Бар", to_status="pending"))
    rows.write()
    assert line.pk == 424242
    assert CommentEvent.objects.get(pk=424242).comment_id == comment.pk
