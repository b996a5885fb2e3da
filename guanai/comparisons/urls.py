from django.urls import path

from guanai.comparisons import views

app_name = "comparisons"

urlpatterns = [
    path("", views.index, name="index"),
    path("mapping/", views.mapping, name="mapping"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("flags/", views.flags, name="flags"),
    path("flags/decide/", views.decide, name="decide"),
]
