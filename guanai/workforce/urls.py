from django.urls import path

from guanai.workforce import views

app_name = "workforce"

urlpatterns = [
    path("", views.post_list, name="list"),
    path("vacancies/", views.vacancy_list, name="vacancies"),
    path("import/", views.roster_import, name="import"),
    path("export.xlsx", views.roster_export, name="export"),
    path("<int:pk>/", views.post_detail, name="detail"),
    path("tenures/<int:pk>/end/", views.tenure_end, name="tenure_end"),
]
