from django.urls import path

from ketacare.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation-accept"),
]
urlpatterns += [path("practice/members/", views.practice_members, name="members")]
urlpatterns += [path("practice/settings/", views.practice_settings, name="practice-settings")]
