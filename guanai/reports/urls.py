from django.urls import path

from guanai.reports import downloads, population_views, views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("indicator/<slug:code>/", views.indicator, name="indicator"),
    path("indicator/<slug:code>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicator/<slug:code>/records/", views.records, name="records"),
    path("indicator/<slug:code>/records.xlsx", downloads.records_xlsx, name="records_xlsx"),
    path("indicator/<slug:code>/table.xlsx", downloads.table_xlsx, name="table_xlsx"),
    path("documents/", downloads.documents, name="documents"),
    path("documents/forms.xlsx", downloads.forms_xlsx, name="forms_xlsx"),
    path("documents/<slug:kind>.docx", downloads.report_docx, name="report_docx"),
    path("documents/<slug:kind>/template.docx", downloads.template_default, name="template_default"),
    path("population/", population_views.population_list, name="population"),
    path("population/add/", population_views.population_edit, name="population_add"),
    path("population/<int:pk>/", population_views.population_edit, name="population_edit"),
    path("population/<int:pk>/delete/", population_views.population_delete, name="population_delete"),
    path("population/import/", population_views.population_import, name="population_import"),
    path("population/population.xlsx", population_views.population_template, name="population_xlsx"),
]
