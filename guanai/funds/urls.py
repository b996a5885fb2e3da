from django.urls import path

from guanai.funds import views

app_name = "funds"

urlpatterns = [
    path("", views.project_list, name="project_list"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/version/", views.plan_version, name="plan_version"),
    path("plans/<int:pk>/lock/", views.plan_lock, name="plan_lock"),
    path("plans/<int:pk>/export.xlsx", views.plan_export, name="plan_export"),
]
