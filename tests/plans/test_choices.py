"""The plan vocabulary (cchc.plans.choices): one label per core value, shown in the reader's language."""

from django.template import Context, Template
from django.utils import translation

from cchc.core.evaluation import Verdict
from cchc.core.levels import Level
from cchc.core.tasks import TaskStatus
from cchc.plans.choices import LeadLevelChoices, TaskStatusChoices, VerdictChoices
from cchc.units.choices import LevelChoices


def test_every_core_value_has_a_label():
    assert VerdictChoices.values == [v.value for v in Verdict]
    assert TaskStatusChoices.values == [s.value for s in TaskStatus]
    assert LevelChoices.values == LeadLevelChoices.values == [level.value for level in Level]


def test_labels_in_both_languages():
    with translation.override("vi"):
        assert [str(label) for label in VerdictChoices.labels] == [
            "Đạt", "Có nguy cơ không đạt", "Không đạt", "Chưa có số liệu"]
    with translation.override("en"):
        assert str(VerdictChoices.AT_RISK.label) == "At risk of being missed"
        assert str(TaskStatusChoices.OVERDUE.label) == "Overdue"


def test_the_templates_read_the_vocabulary():
    template = Template("{% load plans_extras vocabulary %}{{ levels|level_names }}|"
                       "{% for value, label, n in counts|status_counts %}{{ label }}={{ n }};{% endfor %}|"
                       "{{ labels|lookup:'met' }}{{ labels|lookup:'unknown' }}")
    context = {"levels": ["province", "commune"], "counts": {TaskStatus.DONE: 3},
               "labels": dict(VerdictChoices.choices)}
    with translation.override("vi"):
        assert template.render(Context(context)) == (
            "các sở, ban, ngành; cấp xã|Chưa bắt đầu=0;Đang thực hiện=0;Hoàn thành=3;Quá hạn=0;|Đạtunknown")
    with translation.override("en"):
        assert template.render(Context(context)).startswith("the departments and agencies; the commune level|Not started=0;")
