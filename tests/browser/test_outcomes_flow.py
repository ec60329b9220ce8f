import datetime as dt
import pytest
import time_machine
from ketacare.accounts.models import Practice
from ketacare.cli.demo_cohort import demo_cohort_write
from ketacare.cli.demo_data import demo_seed
from ketacare.domain.outcomes import practice_outcomes
from ketacare.outcomes.selectors import outcome_data_for_practice
from ketacare.outcomes.dashboard import window_rows, km_chart
from ketacare.treatments.models import Course

pytestmark = pytest.mark.django_db(transaction=True)


def test_probe() -> None:
    demo_seed(password="a-long-demo-passphrase")
    p = Practice.objects.get(slug="demo-practice")
    with time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC), tick=False):
        demo_cohort_write(practice=p, n=70, seed=2)
    print(sorted(Course.objects.values_list("start_on", "protocol_code")))
    for proto, period in [
        (None, None),
        ("iv_racemic_series", None),
        (None, (dt.date(2025, 11, 1), dt.date.max)),
        ("iv_racemic_series", (dt.date(2025, 10, 1), dt.date.max)),
        (None, (dt.date.min, dt.date(2026, 2, 28))),
    ]:
        o = practice_outcomes(
            outcome_data_for_practice(actor=None, practice=p, protocol=proto, period=period)
        )
        print("==", proto, period, o.n_clients, o.n_treated)
        for r in window_rows(o):
            print("  ", r)
        print("  ", o.durability)
        print("  ", o.integration)
        k = km_chart(o.durability.km, o.durability.median_days)
        print("  ", k and k.summary)
