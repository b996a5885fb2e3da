from django.urls import path

from guanai.facilities import views

app_name = "facilities"

urlpatterns = [
    path("", views.facility_list, name="list"),
    path("new/", views.facility_edit, name="new"),
    path("coverage/", views.coverage, name="coverage"),
    path("export.xlsx", views.facility_export, name="export"),
    path("import/", views.facility_import, name="import"),
    path("files/<int:pk>/", views.facility_file, name="file"),
    path("subsidies/", views.subsidy_list, name="subsidy_list"),
    path("subsidies/<int:pk>/", views.subsidy_detail, name="subsidy_detail"),
    path("subsidies/<int:pk>/bank.xlsx", views.subsidy_bank_file, {"fmt": "xlsx"}, name="subsidy_bank_file"),
    path("subsidies/<int:pk>/bank.csv", views.subsidy_bank_file, {"fmt": "csv"}, name="subsidy_bank_file_csv"),
    path("subsidies/<int:pk>/<slug:step>/", views.subsidy_step, name="subsidy_step"),
    path("<int:pk>/", views.facility_detail, name="detail"),
    path("<int:pk>/edit/", views.facility_edit, name="edit"),
    path("<int:pk>/rate/", views.facility_rate, name="rate"),
    path("<int:pk>/<slug:action>/", views.facility_action, name="action"),
]
