"""Routes of the psychoeducation pages, included under ``preparation/learn/``."""

from django.urls import path

from ketacare.preparation import views_learning

urlpatterns = [
    path("", views_learning.learn_list, name="learn"),
    path("clients/<uuid:public_id>/", views_learning.learn_client, name="learn-client"),
    path("<slug:slug>/", views_learning.learn_module, name="learn-module"),
    path("<slug:slug>/read/", views_learning.learn_read, name="learn-read"),
]
