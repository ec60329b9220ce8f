from django.urls import path

from ketacare.measures import views

app_name = "measures"
urlpatterns = [
    path("due/", views.due_list, name="due"),
    path("overdue/", views.overdue_list, name="overdue"),
    path("history/", views.history_own, name="history"),
    path("assignments/<uuid:public_id>/", views.assignment_answer, name="answer"),
    path("responses/<uuid:public_id>/", views.response_result, name="result"),
    path("responses/<uuid:public_id>/amend/", views.response_amend_view, name="amend"),
    path("clients/<uuid:public_id>/", views.client_measures, name="client"),
    path("clients/<uuid:public_id>/assign/", views.assignment_new, name="assign"),
]
