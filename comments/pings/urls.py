"""The endpoints other blogs ping: XML-RPC for Pingback and the Webmention
endpoint. /xmlrpc.php answers too, for pingback servers that still hold the
address a WordPress predecessor of this blog advertised."""

from django.urls import path

from .pingback import xmlrpc_endpoint
from .webmention import webmention_endpoint

app_name = "pings"

urlpatterns = [
    path("xmlrpc/", xmlrpc_endpoint, name="xmlrpc"),
    path("xmlrpc.php", xmlrpc_endpoint, name="xmlrpc_php"),
    path("webmention/", webmention_endpoint, name="webmention"),
]
