from django.urls import path

from guanai.fieldwork import views

app_name = "fieldwork"

urlpatterns = [
    path("", views.app, name="app"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("devices/", views.devices, name="devices"),
    path("devices/<int:pk>/revoke/", views.device_revoke, name="device_revoke"),
    path("flags/", views.flags, name="flags"),
    path("flags/<int:pk>/review/", views.flag_review, name="flag_review"),
    path("submissions/<int:pk>/photos/<int:index>/", views.photo, name="photo"),
]
