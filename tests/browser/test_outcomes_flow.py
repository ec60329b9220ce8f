import time
import pytest
from ketacare.accounts.models import Practice
from ketacare.cli.demo_cohort import demo_cohort_write
from ketacare.cli.demo_data import demo_seed
from ketacare.domain.outcomes import practice_outcomes
from ketacare.outcomes.selectors import outcome_data_for_practice
from ketacare.outcomes.dashboard import window_rows

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("n", [30, 50, 80, 120])
def test_probe(n: int) -> None:
    t = time.monotonic()
    demo_seed(password="a-long-demo-passphrase")
    p = Practice.objects.get(slug="demo-practice")
    t1 = time.monotonic()
    demo_cohort_write(practice=p, n=n, seed=11)
    t2 = time.monotonic()
    o = practice_outcomes(outcome_data_for_practice(actor=None, practice=p))
    print(n, "seed", t1 - t, "cohort", t2 - t1)
    print(o.n_clients, o.n_treated)
    for r in window_rows(o):
        print(r)
    print(o.durability)
    print(o.integration)
