from django.urls import path

from guanai.reports import downloads, views

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
]
