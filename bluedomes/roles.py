"""Who may publish or moderate: the site's roles, declared once.

``ROLES`` names each group and the permissions it holds. The roles migration
(articles/migrations/0003_roles.py) creates them on a fresh database, and
every later ``migrate`` brings existing groups up to date (``sync_roles`` on
post_migrate), so changing a role is an edit of this file, not a migration.
Syncing adds what is missing and removes nothing, so a site's own additions
to a group survive.

Code asks the functions below, which look at permissions, never at group
names: a permission given to one user directly counts the same as a role."""

from django.apps import apps as live_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Permission
from django.db.models import Q

AUTHORS, EDITORS, MODERATORS = "Authors", "Editors", "Moderators"

# What separates Editors from Authors: change_article alone lets an Author
# edit (and publish) only the articles they wrote.
EDIT_ANY_ARTICLE = "articles.edit_any_article"
# Working the comment queue: approving, holding, marking spam, trashing.
MODERATE_COMMENTS = "comments.change_comment"

_WRITE_OWN = [
    "articles.add_article", "articles.change_article", "articles.delete_article", "articles.view_article",
    "articles.add_image", "articles.change_image", "articles.view_image",
    "articles.add_document", "articles.change_document", "articles.view_document",
    "articles.add_authorprofile", "articles.change_authorprofile", "articles.view_authorprofile",
]
_MODERATE = [
    "comments.view_comment", MODERATE_COMMENTS, "comments.delete_comment",
    "comments.view_commentevent",
    "comments.view_personaldatarequest",
    "django_comments.can_moderate",
]

ROLES = {
    AUTHORS: [*_WRITE_OWN, "articles.view_category", "articles.view_tag"],
    EDITORS: [
        *_WRITE_OWN,
        EDIT_ANY_ARTICLE,
        "articles.delete_image", "articles.delete_document",
        "articles.add_category", "articles.change_category", "articles.delete_category", "articles.view_category",
        "articles.add_tag", "articles.change_tag", "articles.delete_tag", "articles.view_tag",
        "articles.add_page", "articles.change_page", "articles.delete_page", "articles.view_page",
        "articles.view_contactmessage", "articles.delete_contactmessage",
        "navigation.add_menu", "navigation.change_menu", "navigation.delete_menu", "navigation.view_menu",
        "navigation.add_menuitem", "navigation.change_menuitem", "navigation.delete_menuitem",
        "navigation.view_menuitem",
        # As in WordPress, editors work the comment queue too.
        *_MODERATE,
    ],
    MODERATORS: _MODERATE,
}


def may_publish(user, article=None):
    """May ``user`` edit and publish ``article`` (any article of theirs when None)?
    Editors may publish anyone's; Authors only their own."""
    if not (user and user.is_active and user.has_perm("articles.change_article")):
        return False
    return article is None or article.author_id in (None, user.pk) or user.has_perm(EDIT_ANY_ARTICLE)


def may_edit_any_article(user):
    return bool(user and user.is_active and user.has_perm(EDIT_ANY_ARTICLE))


def may_change_upload(user, upload):
    """May ``user`` change a picture or document? Authors look after what they
    uploaded (its alt text, its title); Editors after everyone's."""
    return upload.uploaded_by_id == user.pk or may_edit_any_article(user)


def is_moderator(user):
    """May ``user`` moderate comments? Their own comments are approved, and
    they are the ones asked to moderate held comments."""
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(MODERATE_COMMENTS))


def moderators():
    """Every active user for whom ``is_moderator`` is true, as a queryset."""
    app_label, codename = MODERATE_COMMENTS.split(".")
    holds = {"content_type__app_label": app_label, "codename": codename}
    return get_user_model().objects.filter(is_active=True).filter(
        Q(is_superuser=True)
        | Q(user_permissions__in=Permission.objects.filter(**holds))
        | Q(groups__permissions__in=Permission.objects.filter(**holds))
    ).distinct()


def editors():
    """Every active user for whom ``may_edit_any_article`` is true, as a queryset:
    the people a contact form's messages are mailed to."""
    app_label, codename = EDIT_ANY_ARTICLE.split(".")
    holds = {"content_type__app_label": app_label, "codename": codename}
    return get_user_model().objects.filter(is_active=True).filter(
        Q(is_superuser=True)
        | Q(user_permissions__in=Permission.objects.filter(**holds))
        | Q(groups__permissions__in=Permission.objects.filter(**holds))
    ).distinct()


def sync_roles(apps=None, *, strict=True, **kwargs):
    """Create each group in ``ROLES`` and give it the permissions it lacks.
    ``apps``: a migration's historical registry (post_migrate passes one too),
    else the live one. ``strict``: a permission that does not exist is an
    error; the roles migration passes False, since a permission added to a
    role later may belong to a model that later migrations create, and the
    strict sync after the whole migrate run checks it."""
    apps = apps or live_apps
    # Permissions are normally created after the whole migrate run; the
    # groups need them now, on a fresh database too. A historical registry's
    # app configs have no models module, which create_permissions requires.
    for app_config in apps.get_app_configs():
        stub = getattr(app_config, "models_module", None) is None
        if stub:
            app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        if stub:
            app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        permissions = []
        for label in wanted:
            app_label, codename = label.split(".")
            try:
                permissions.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
            except Permission.DoesNotExist:
                if not strict:
                    continue
                # A role silently missing a permission would be a hole
                # nobody notices: fail the migration instead.
                raise LookupError(f"permission {label} for the {name} group does not exist") from None
        group.permissions.add(*permissions)
