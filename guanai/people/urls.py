from django.urls import path

from guanai.people import views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/id-number/", views.person_id_number_reveal, name="id_number_reveal"),
    path("<int:pk>/relationships/add/", views.relationship_add, name="relationship_add"),
    path("<int:pk>/relationships/<int:relationship_pk>/end/", views.relationship_end, name="relationship_end"),
    path("<int:pk>/categories/add/", views.category_add, name="category_add"),
    path("<int:pk>/categories/<int:spell_pk>/end/", views.category_end, name="category_end"),
    path("households/new/", views.household_create, name="household_create"),
    path("households/<int:pk>/", views.household_detail, name="household_detail"),
    path("households/<int:pk>/edit/", views.household_edit, name="household_edit"),
    path("households/<int:pk>/members/add/", views.household_member_add, name="household_member_add"),
    path("transfers/", views.transfer_list, name="transfer_list"),
    path("transfers/<int:pk>/decide/", views.transfer_decide, name="transfer_decide"),
]
