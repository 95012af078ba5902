"""bluedomes.roles: the groups come from one declaration, and who may
publish or moderate is read from permissions, not from group names."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission

from bluedomes import roles
from comments.notifications import moderator_emails
from tests.factories import make_article, make_user


def _permission(label):
    app_label, codename = label.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def test_every_group_holds_the_permissions_its_role_declares(db):
    for name, wanted in roles.ROLES.items():
        held = {f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name=name).permissions.all()}
        assert set(wanted) <= held, name


def test_a_permission_added_to_a_role_reaches_the_group_on_the_next_sync(db, monkeypatch):
    monkeypatch.setitem(roles.ROLES, roles.AUTHORS, [*roles.ROLES[roles.AUTHORS], "articles.add_tag"])
    roles.sync_roles(apps)
    assert Group.objects.get(name=roles.AUTHORS).permissions.filter(codename="add_tag").exists()


def test_a_groups_own_additions_survive_a_sync(db):
    authors = Group.objects.get(name=roles.AUTHORS)
    authors.permissions.add(_permission("articles.add_category"))
    roles.sync_roles(apps)
    assert authors.permissions.filter(codename="add_category").exists()


def test_a_user_given_the_moderation_permission_directly_moderates_and_is_asked_to(db):
    volunteer = make_user(email="volunteer@example.org")
    volunteer.user_permissions.add(_permission(roles.MODERATE_COMMENTS))
    assert roles.is_moderator(volunteer)
    assert "volunteer@example.org" in moderator_emails()


def test_the_moderators_group_moderates_and_authors_do_not(db):
    moderator = make_user(groups=[Group.objects.get(name=roles.MODERATORS)])
    author = make_user(groups=[Group.objects.get(name=roles.AUTHORS)])
    assert roles.is_moderator(moderator)
    assert not roles.is_moderator(author)
    assert set(roles.moderators()) == {moderator}


def test_an_inactive_superuser_neither_moderates_nor_gets_mail(db):
    gone = make_user(is_superuser=True, is_active=False, email="gone@example.org")
    assert not roles.is_moderator(gone)
    assert "gone@example.org" not in moderator_emails()


def test_authors_publish_their_own_articles_and_editors_anyones(db):
    writer = make_user(groups=[Group.objects.get(name=roles.AUTHORS)])
    other = make_user(groups=[Group.objects.get(name=roles.AUTHORS)])
    editor = make_user(groups=[Group.objects.get(name=roles.EDITORS)])
    article = make_article(author=writer)
    assert roles.may_publish(writer, article)
    assert not roles.may_publish(other, article)
    assert roles.may_publish(editor, article)
    assert not roles.may_publish(make_user(), article)
