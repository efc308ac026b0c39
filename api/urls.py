from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.permissions import AllowAny
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(use_regex_path=False)
router.register("partners", views.PartnerViewSet, basename="api-partner")
router.register("contacts", views.ContactViewSet, basename="api-contact")
router.register("interactions", views.InteractionViewSet, basename="api-interaction")
router.register("follow-ups", views.FollowUpViewSet, basename="api-follow-up")
router.register("stages", views.StageViewSet, basename="api-stage")
router.register("networks", views.NetworkViewSet, basename="api-network")
router.register("tags", views.TagViewSet, basename="api-tag")
router.register("partnerships", views.PartnershipViewSet, basename="api-partnership")
router.register("targets", views.TargetViewSet, basename="api-target")
router.register("outcomes", views.OutcomeViewSet, basename="api-outcome")
router.register("milestones", views.MilestoneViewSet, basename="api-milestone")
router.register("effort", views.EffortViewSet, basename="api-effort")

urlpatterns = [
    path("schema/", SpectacularJSONAPIView.as_view(permission_classes=[AllowAny]), name="api_schema"),
    path("docs/", views.docs, name="api_docs"),
    path("o/<slug:org_slug>/", include(router.urls)),
]
