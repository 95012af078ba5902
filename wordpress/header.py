"""The export's header: authors → users, categories and tags, kept in
memory by WordPress login and slug for the posts that refer to them.

Categories are flattened (bluedomes' have no parent) and the report says
which were subcategories."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from articles.models import Category, Tag
from articles.slugs import ascii_slug
from bluedomes import roles

from .values import optional_int, unescape


class Directory:
    def __init__(self, report):
        self.report = report
        self.authors_group = Group.objects.get(name=roles.AUTHORS)
        self.users_by_login = {}
        self.users_by_wp_id = {}
        self.categories, self.tags = {}, {}
        # The terms already stored, read once rather than one query per term.
        self.stored_terms = {model: {obj.slug: obj for obj in model.objects.all()} for model in (Category, Tag)}

    def item_terms(self, item):
        """The pks of the categories and tags an item names, created when the
        header did not list them."""
        category_ids, tag_ids = set(), set()
        for term in item.terms:
            if term.domain == "category":
                slug = self.term("category", term.slug, term.name)
                if slug:
                    category_ids.add(self.categories[slug])
            elif term.domain == "post_tag":
                slug = self.term("tag", term.slug, term.name)
                if slug:
                    tag_ids.add(self.tags[slug])
        return category_ids, tag_ids

    def author(self, author):
        login = author.login.strip()
        if not login:
            self.report.skip("authors", f"an author without a login ({author.display_name or author.email or '?'})")
            return
        user = self._user(login, author)
        self.users_by_login[login] = user
        wp_id = optional_int(author.wp_id)
        if wp_id is not None:
            self.users_by_wp_id[wp_id] = user

    def _user(self, login, author=None):
        """The user for a WordPress login: created without a usable password
        (the person sets one with a reset), or an existing user of that name."""
        User = get_user_model()
        first, last = (author.first_name, author.last_name) if author else ("", "")
        display = unescape(author.display_name) if author else ""
        if display and display != " ".join(unescape(part) for part in (first, last) if part):
            # The name readers saw is the display name ("李伟 (Li Wei)", a
            # pen name), not first + last: Django shows first + last, so
            # the display name becomes the first name, whole.
            first, last = display, ""
        values = {
            "email": (author.email if author else "")[:254],
            "first_name": unescape(first)[:150],
            "last_name": unescape(last)[:150],
        }
        username = login[:150]
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, is_staff=True, **values)
            user.set_unusable_password()
            user.save()
            user.groups.add(self.authors_group)
            self.report.count("authors", "created")
            return user
        # Once the person has set a password the account is theirs: the
        # export no longer overwrites their name or address.
        changed = {name: value for name, value in values.items() if getattr(user, name) != value}
        if author is None or user.has_usable_password() or not changed:
            self.report.count("authors", "unchanged")
            return user
        User.objects.filter(pk=user.pk).update(**changed)
        for name, value in changed.items():
            setattr(user, name, value)
        self.report.count("authors", "updated")
        return user

    def user_for_login(self, login):
        login = login.strip()
        if login not in self.users_by_login:
            # WXR 1.0 has no author list: authors exist only as dc:creator.
            self.users_by_login[login] = self._user(login)
        return self.users_by_login[login]

    def terms(self, terms):
        parents = {}
        for term in terms:
            term_slug = self.term(term.kind, term.slug, term.name, term.description)
            if term.kind == "category" and term.parent and term_slug:
                parents[term_slug] = term.parent
        if parents:
            examples = ", ".join(f"{child} (under {parent})" for child, parent in list(parents.items())[:5])
            self.report.note(
                f"Category hierarchy flattened: bluedomes categories have no parent. "
                f"{len(parents)} subcategorie(s) became top-level categories: {examples}."
            )

    def term(self, kind, wp_slug, name, description=""):
        """Create or update a category or tag keyed on its slug; return the slug."""
        report = self.report
        model, mapping, plural = (Category, self.categories, "categories") if kind == "category" else (Tag, self.tags, "tags")
        name = unescape(name)
        slug = ascii_slug(wp_slug or name, 100, fallback_prefix=kind)
        if not slug:
            report.skip(plural, f"{kind} “{name}”: it has neither a slug nor a name")
            return None
        if slug in mapping:
            return slug
        values = {"name": (name or slug)[:100]}
        if model is Category:
            values["description"] = unescape(description)
        obj = self.stored_terms[model].get(slug)
        if obj is None:
            obj = model.objects.create(slug=slug, **values)
            report.count(plural, "created")
        elif any(getattr(obj, key) != value for key, value in values.items()):
            model.objects.filter(pk=obj.pk).update(**values)
            report.count(plural, "updated")
        else:
            report.count(plural, "unchanged")
        mapping[slug] = obj.pk
        return slug
