from django.urls import path

from guanai.audit import views

app_name = "audit"
urlpatterns = [
    path("access/", views.access_log, name="access_log"),
    path("events/", views.events, name="events"),
]
