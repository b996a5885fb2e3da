from django.urls import path

from guanai.exchange import views

app_name = "exchange"

urlpatterns = [
    path("imports/", views.import_start, name="import_start"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/mapping/", views.import_mapping, name="import_mapping"),
    path("imports/<int:pk>/report/", views.import_report, name="import_report"),
    path("imports/<int:pk>/words/", views.import_words, name="import_words"),
    path("templates/people.xlsx", views.people_template_download, name="people_template"),
    path("exports/people/", views.people_export_download, name="people_export"),
]
