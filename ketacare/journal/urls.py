from django.urls import path

from ketacare.journal import views

app_name = "journal"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("entries/<uuid:public_id>/", views.detail, name="detail"),
    path("entries/<uuid:public_id>/edit/", views.edit, name="edit"),
    path("entries/<uuid:public_id>/share/", views.share, name="share"),
    path("drafts/<slug:slot>/", views.draft, name="draft"),
    path("reflect/<uuid:public_id>/", views.reflect, name="reflect"),
    path("prompts/", views.prompts, name="prompts"),
    path("prompts/<uuid:public_id>/retire/", views.prompt_retire_view, name="prompt-retire"),
]
