"""Stored pages show the menus: any change to one makes them stale."""

from django.db.models.signals import post_delete, post_save

from articles import page_cache

from .models import Menu, MenuItem


def watch_menus():
    for model in (Menu, MenuItem):
        uid = f"navigation.page_cache.{model._meta.label_lower}"
        post_save.connect(page_cache.content_changed, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(page_cache.content_changed, sender=model, dispatch_uid=uid + ".delete")
