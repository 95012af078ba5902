from django.utils.functional import cached_property
from django.utils.translation import get_language

from . import menus
from .models import Menu, menu_locations, shown_categories


class SiteMenus:
    """The header and footer menus, read on first use: pages that show no
    menu (the admin, feeds) cost no query. Which menus exist is read first,
    in a query Django builds in a fraction of the items' (their targets and
    visibility take seven joins and two EXISTS): a site without menus reads
    no items, and one with menus one more query for every item of both,
    however many they hold."""

    @cached_property
    def _locations(self):
        return menu_locations()

    @cached_property
    def _menus(self):
        return menus.load(get_language()) if self._locations else {}

    @property
    def header(self):
        return self._menus.get(Menu.Location.HEADER, [])

    @property
    def footer(self):
        return self._menus.get(Menu.Location.FOOTER, [])

    @cached_property
    def automatic(self):
        """A site that never made a header menu keeps the header it always
        had: the home page and each category with something published. Once
        a header menu exists, even an empty one, it is the header."""
        if Menu.Location.HEADER in self._locations:
            return None
        return shown_categories()

    @property
    def has_submenus(self):
        return any(entry.children for entry in self.header)


def site_menus(request):
    return {"site_menus": SiteMenus()}
