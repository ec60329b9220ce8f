from django.urls import path

from ketacare.alerts import views

app_name = "alerts"
urlpatterns = [
    path("", views.alert_list_view, name="list"),
    path("open-count/", views.alert_open_count_view, name="open-count"),
    path("<uuid:public_id>/", views.alert_detail, name="detail"),
    path("<uuid:public_id>/acknowledge/", views.alert_acknowledge_view, name="acknowledge"),
    path("<uuid:public_id>/resolve/", views.alert_resolve_view, name="resolve"),
]
