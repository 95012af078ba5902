from django.db.models import Exists
from django.utils.functional import cached_property
from django.utils.translation import get_language

from . import menus
from .models import Menu, categories_in_use


class SiteMenus:
    """The header and footer menus, read on first use: pages that show no
    menu (the admin, feeds) cost no query, and those that do cost one for
    both menus, however many items they hold."""

    @cached_property
    def _menus(self):
        return menus.load(get_language())

    @property
    def header(self):
        return self._menus.get(Menu.Location.HEADER, [])

    @property
    def footer(self):
        return self._menus.get(Menu.Location.FOOTER, [])

    @cached_property
    def automatic(self):
        """A site that never made a header menu keeps the header it always
        had: the home page and each category with something published."""
        if self.header:
            return None
        # One query either way: no categories once a header menu exists, even an empty one.
        no_header_menu = ~Exists(Menu.objects.filter(location=Menu.Location.HEADER))
        return list(categories_in_use().filter(no_header_menu).distinct())

    @property
    def has_submenus(self):
        return any(entry.children for entry in self.header)


def site_menus(request):
    return {"site_menus": SiteMenus()}
