from django.urls import path

from guanai.upstream import views

app_name = "upstream"

urlpatterns = [
    path("", views.index, name="index"),
    path("pack/", views.pack, name="pack"),
    path("apply/", views.apply, name="apply"),
    path("inbox/", views.inbox, name="inbox"),
    path("received/", views.received, name="received"),
    path("conflicts/", views.conflicts, name="conflicts"),
    path("conflicts/<int:pk>/", views.conflict_detail, name="conflict_detail"),
    path("flowback/", views.flowback_list, name="flowback"),
    path("flowback/<int:pk>/handle/", views.flowback_handle, name="flowback_handle"),
]
