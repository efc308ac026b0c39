from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.permissions import AllowAny
from rest_framework.routers import SimpleRouter

from .views import pages, partners, partnerships, plans, questionnaire

router = SimpleRouter(use_regex_path=False)
router.register("partners", partners.PartnerViewSet, basename="api-partner")
router.register("contacts", partners.ContactViewSet, basename="api-contact")
router.register("interactions", partners.InteractionViewSet, basename="api-interaction")
router.register("follow-ups", partners.FollowUpViewSet, basename="api-follow-up")
router.register("stages", partners.StageViewSet, basename="api-stage")
router.register("networks", partners.NetworkViewSet, basename="api-network")
router.register("tags", partners.TagViewSet, basename="api-tag")
router.register("partnerships", partnerships.PartnershipViewSet, basename="api-partnership")
router.register("targets", partnerships.TargetViewSet, basename="api-target")
router.register("outcomes", partnerships.OutcomeViewSet, basename="api-outcome")
router.register("milestones", partnerships.MilestoneViewSet, basename="api-milestone")
router.register("effort", partnerships.EffortViewSet, basename="api-effort")
router.register("rounds", questionnaire.RoundViewSet, basename="api-round")
router.register("plans", plans.PlanViewSet, basename="api-plan")
router.register("steps", plans.StepViewSet, basename="api-step")

urlpatterns = [
    path("schema/", SpectacularJSONAPIView.as_view(permission_classes=[AllowAny]), name="api_schema"),
    path("docs/", pages.docs, name="api_docs"),
    path("o/<slug:org_slug>/", include(router.urls)),
]
