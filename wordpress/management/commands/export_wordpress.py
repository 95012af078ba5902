from django.core.management.base import BaseCommand

from ...export import copy_media, export


class Command(BaseCommand):
    help = (
        "Write the whole site as a WordPress export (WXR 1.2): authors, categories, tags, pictures, "
        "articles and their comments and pings. WordPress's Tools → Import reads it, and so does "
        "import_wordpress. --media-dir copies the pictures' files as a wp-content/uploads folder."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", help="the .xml file to write")
        parser.add_argument("--media-dir", help="a folder to copy the pictures into, laid out as wp-content/uploads")

    def handle(self, output, media_dir=None, **options):
        with open(output, "w", encoding="utf-8") as stream:
            export(stream)
        self.stdout.write(f"Wrote {output}.")
        if media_dir:
            copied = copy_media(media_dir)
            self.stdout.write(f"Copied {copied} picture file(s) into {media_dir}, for import_wordpress --media-dir.")
