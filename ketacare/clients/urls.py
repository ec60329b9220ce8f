from django.urls import path

from ketacare.clients import views

app_name = "clients"
urlpatterns = [
    path("", views.client_list_view, name="list"),
    path("new/", views.client_new, name="new"),
    path("<uuid:public_id>/", views.client_detail, name="detail"),
]
