"""Pictures in the article editor: the picker window and the upload endpoint.

django-prose-editor's Figure dialog has a "Browse..." button that opens
``pickerUrl`` in a window and waits for that window to call
``window.opener.CKEDITOR.tools.callFunction(n, url, {id, alternative_text,
caption})`` (CKEditor's file-browser protocol, which the editor implements).
Our picker lists the site's pictures and uploads new ones through
``upload_image``; choosing one fills the dialog's URL, alt text and caption,
and the editor inserts ``<figure><img data-file=id><figcaption>``. Both views
are mounted by ArticleAdmin.get_urls behind the admin's login and CSRF checks."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Q
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from .forms import ImageUploadForm
from .models import Image


def display_url(image):
    """The URL put in the article: the largest rendition in the original
    format (at most 1600 px wide), or the original when there is none."""
    renditions = list(image.renditions.all())
    # WebP renditions sit beside the original format's; only a WebP
    # original has nothing else.
    same_format = [r for r in renditions if r.format != "webp"] or renditions
    if same_format:
        return max(same_format, key=lambda r: r.width).file.url
    return image.file.url


def image_data(image):
    """What the picker hands to the editor (and the upload endpoint returns)."""
    return {
        "id": image.pk,
        "url": display_url(image),
        "original_url": image.file.url,
        "width": image.width,
        "height": image.height,
        "alt_text": image.alt_text,
        # The keys the editor's Figure dialog reads to fill its fields.
        "alternative_text": image.alt_text,
        "caption": image.caption,
        "renditions": [
            {"url": r.file.url, "width": r.width, "height": r.height, "format": r.format}
            for r in image.renditions.all()
        ],
    }


class ImagePickerView(PermissionRequiredMixin, ListView):
    """The window the editor's "Browse..." button opens."""

    admin_site = None
    permission_required = "articles.view_image"
    raise_exception = True
    template_name = "admin/articles/image_picker.html"
    paginate_by = 24

    def get_queryset(self):
        images = Image.objects.prefetch_related("renditions").order_by("-created_at")
        if query := self.request.GET.get("q", "").strip():
            images = images.filter(Q(alt_text__icontains=query) | Q(caption__icontains=query))
        return images

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            self.admin_site.each_context(self.request),
            title=_("Insert a picture"),
            is_popup=True,
            query=self.request.GET.get("q", ""),
            # The number the editor is waiting for; only ever echoed into a
            # data attribute, and only when it is a number.
            callback=self.request.GET.get("CKEditorFuncNum", "").lstrip("-").isdigit()
            and self.request.GET["CKEditorFuncNum"],
            can_upload=self.request.user.has_perm("articles.add_image"),
            upload_form=ImageUploadForm(),
            picks=[(image, image_data(image)) for image in context["object_list"]],
        )
        context["picks_data"] = {str(image.pk): data for image, data in context["picks"]}
        return context


@require_POST
def upload_image(request):
    """Store a picture posted by the editor: 201 with its JSON, or 400 with
    the form's errors (too big, too many pixels, not a picture...)."""
    if not request.user.has_perm("articles.add_image"):
        return JsonResponse({"errors": {"__all__": [_("You may not upload pictures.")]}}, status=403)
    form = ImageUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse({"errors": {field: list(errors) for field, errors in form.errors.items()}}, status=400)
    return JsonResponse(image_data(form.save(request.user)), status=201)
